import type { MethodParsedInput } from '../contract/methods'
import { type AppSettings, type AppSettingsView, AppSettingsSchema, defaultAppSettings } from '../contract/settings'
import { NotFoundError } from '../engine/errors'
import type { EngineStore } from '../store/port'

/** Where settings.json lives and how it is read and written (server/appData.ts: node:fs). */
export interface SettingsFile {
  readonly path: string
  /** The saved settings; defaults for a missing file. */
  read(): Promise<AppSettings>
  /** Writes atomically (temp file + rename). */
  write(settings: AppSettings): Promise<void>
}

/** The REST server as the host process started it. */
export interface RestServerRuntime {
  enabled: boolean
  host: string
  port: number
  /** null: not listening (off, or it could not start: see `error`). */
  origin: string | null
  error?: string
}

/**
 * This installation's settings (contract/settings.ts) as `settings.get` / `settings.update`
 * serve them. The REST server is configured at start-up only (its port cannot move under open
 * connections), so the view compares what is saved with what runs and says what needs a
 * restart. The retention window applies at once: listeners hear every change.
 */
export class AppSettingsService {
  private runtime: RestServerRuntime
  private readonly listeners = new Set<(settings: AppSettings) => void>()

  private constructor(
    private readonly file: SettingsFile,
    private saved: AppSettings,
    private readonly dataDir: string,
    /** Flags or environment variables that override settings.json, e.g. "--port 4790". */
    private readonly overrides: readonly string[],
  ) {
    this.runtime = { ...saved.rest_server, enabled: false, origin: null }
  }

  static async open(file: SettingsFile, dataDir: string, overrides: readonly string[] = []): Promise<AppSettingsService> {
    return new AppSettingsService(file, await file.read(), dataDir, overrides)
  }

  current(): AppSettings {
    return structuredClone(this.saved)
  }

  /** Called by the host once it started (or failed to start, or skipped) the REST server. */
  setRunning(runtime: RestServerRuntime): void {
    this.runtime = { ...runtime }
  }

  onChange(listener: (settings: AppSettings) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  view(): AppSettingsView {
    return {
      saved: this.current(),
      running: { enabled: this.runtime.enabled, host: this.runtime.host, port: this.runtime.port, origin: this.runtime.origin },
      restart_reasons: restartReasons(this.saved, this.runtime, this.overrides),
      overrides: [...this.overrides],
      settings_file: this.file.path,
      data_dir: this.dataDir,
    }
  }

  async update(patch: MethodParsedInput<'settings.update'>): Promise<AppSettingsView> {
    const next = AppSettingsSchema.parse({
      rest_server: { ...this.saved.rest_server, ...patch.rest_server },
      retention_days: patch.retention_days ?? this.saved.retention_days,
    })
    await this.file.write(next)
    this.saved = next
    for (const listener of this.listeners) listener(this.current())
    return this.view()
  }
}

/** What differs between the saved REST server settings and the running server, in words. */
export function restartReasons(saved: AppSettings, running: RestServerRuntime, overrides: readonly string[] = []): string[] {
  const reasons: string[] = []
  const want = saved.rest_server
  if (running.error && want.enabled) reasons.push(`The REST server could not start: ${running.error}`)
  else if (want.enabled && !running.enabled) reasons.push('The REST server is off now; it starts when Routedesk restarts.')
  else if (!want.enabled && running.enabled) reasons.push('The REST server keeps running until Routedesk restarts.')
  if (want.enabled && running.enabled && (want.host !== running.host || want.port !== running.port)) {
    reasons.push(`The REST server listens on ${running.host}:${running.port}; ${want.host}:${want.port} takes effect when Routedesk restarts.`)
  }
  if (reasons.length > 0 && overrides.length > 0) reasons.push(`At start-up ${overrides.join(', ')} win${overrides.length === 1 ? 's' : ''} over these settings.`)
  return reasons
}

/** A settings service for hosts without a data folder (tests, simulations): defaults, in memory. */
export function memorySettingsFile(initial: AppSettings = defaultAppSettings, path = '(memory)'): SettingsFile {
  let stored = structuredClone(initial)
  return {
    path,
    read: async () => structuredClone(stored),
    write: async (settings) => {
      stored = structuredClone(settings)
    },
  }
}

/** Answers settings.get / settings.update; refused where the host has no settings. */
export function settingsCall(service: AppSettingsService | undefined, method: 'settings.get' | 'settings.update', input: unknown): Promise<AppSettingsView> | AppSettingsView {
  if (!service) throw new NotFoundError('This Routedesk host has no installation settings', 'method')
  return method === 'settings.get' ? service.view() : service.update(input as MethodParsedInput<'settings.update'>)
}

export interface RetentionJob {
  /** Prunes now; resolves once the prune is durable. */
  runNow(): Promise<void>
  stop(): void
}

const DAY_MS = 24 * 3600 * 1000

/**
 * Deletes events and finished webhook deliveries older than the retention window: at start,
 * every `everyMs` (default hourly) and whenever the window changes. Skipped while the store
 * refuses writes (it says so in the status bar already).
 *
 * @example
 * const job = startRetention({ store, retentionDays: () => service.current().retention_days })
 */
export function startRetention(options: { store: EngineStore; retentionDays: () => number; now?: () => number; everyMs?: number; timers?: boolean }): RetentionJob {
  const now = options.now ?? Date.now
  let running: Promise<void> = Promise.resolve()
  const runNow = (): Promise<void> => {
    running = running.then(async () => {
      if (options.store.health().state !== 'ok') return
      const before = now() - options.retentionDays() * DAY_MS
      await options.store.commit({ changes: [], events: [], prune_events_before_ms: before, prune_deliveries_before_ms: before })
    }).catch((error: unknown) => console.error('[routedesk] retention prune failed:', error))
    return running
  }
  const handle = options.timers === false ? undefined : setInterval(() => void runNow(), options.everyMs ?? 3600 * 1000)
  handle?.unref?.()
  return { runNow, stop: () => (handle ? clearInterval(handle) : undefined) }
}
