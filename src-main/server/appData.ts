import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import type { SettingsFile } from '../api/settings'
import { AppSettingsSchema, defaultAppSettings, type AppSettings } from '../contract/settings'

/**
 * The OS app-data folder Electron uses for an app named "Routedesk" (`app.getPath('userData')`),
 * so the headless fallback of `npm start` and the desktop window share one store.
 */
export function defaultDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Routedesk')
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Routedesk')
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Routedesk')
}

/** settings.json in the data folder is unreadable or invalid: start-up stops with this message. */
export class SettingsFileError extends Error {}

/**
 * settings.json in the data folder (contract/settings.ts AppSettings): missing means defaults,
 * missing fields take their default, and a file that is not valid stops start-up with a
 * message naming the field rather than silently serving on another port.
 */
export function settingsFile(dataDir: string): SettingsFile {
  const path = join(dataDir, 'settings.json')
  return {
    path,
    async read(): Promise<AppSettings> {
      let text: string
      try {
        text = await readFile(path, 'utf8')
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return structuredClone(defaultAppSettings)
        throw new SettingsFileError(`Cannot read ${path}: ${(error as Error).message}`)
      }
      let json: Record<string, unknown>
      try {
        json = JSON.parse(text) as Record<string, unknown>
      } catch (error) {
        throw new SettingsFileError(`${path} is not valid JSON (${(error as Error).message}); fix it or delete it to use the defaults`)
      }
      const restServer = typeof json.rest_server === 'object' && json.rest_server !== null ? json.rest_server : {}
      const parsed = AppSettingsSchema.safeParse({ ...defaultAppSettings, ...json, rest_server: { ...defaultAppSettings.rest_server, ...restServer } })
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!
        throw new SettingsFileError(`${path}: ${issue.path.join('.')} ${issue.message}; fix it or delete the file to use the defaults`)
      }
      return parsed.data
    },
    async write(settings: AppSettings): Promise<void> {
      await mkdir(dataDir, { recursive: true })
      const temp = `${path}.${process.pid}.tmp`
      await writeFile(temp, `${JSON.stringify(settings, null, 2)}\n`, 'utf8')
      await rename(temp, path)
    },
  }
}
