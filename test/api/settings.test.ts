import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createDispatch } from '../../src-main/api/dispatch'
import { EventBus } from '../../src-main/api/eventBus'
import { AppSettingsService, memorySettingsFile, restartReasons, startRetention } from '../../src-main/api/settings'
import { defaultAppSettings, type AppSettings } from '../../src-main/contract/settings'
import { FakeClock } from '../../src-main/engine/clock'
import { Engine } from '../../src-main/engine/engine'
import { settingsFile, SettingsFileError } from '../../src-main/server/appData'
import { createMemoryStore } from '../../src-main/store/memoryStore'
import type { DomainEvent } from '../../src-main/contract/resources'

const withRest = (rest: Partial<AppSettings['rest_server']>): AppSettings => ({ ...defaultAppSettings, rest_server: { ...defaultAppSettings.rest_server, ...rest } })
const running = { enabled: true, host: '127.0.0.1', port: 4780, origin: 'http://127.0.0.1:4780' }

describe('installation settings', () => {
  it.each([
    ['nothing changed', withRest({}), running, []],
    ['a new port', withRest({ port: 4790 }), running, [/listens on 127.0.0.1:4780; 127.0.0.1:4790 takes effect/]],
    ['turned off', withRest({ enabled: false }), running, [/keeps running until Routedesk restarts/]],
    ['turned on', withRest({}), { ...running, enabled: false, origin: null }, [/starts when Routedesk restarts/]],
    ['a start that failed', withRest({}), { ...running, enabled: false, origin: null, error: 'EADDRINUSE' }, [/could not start: EADDRINUSE/]],
  ])('says what needs a restart: %s', (_label, saved, now, expected) => {
    const reasons = restartReasons(saved, now)
    expect(reasons).toHaveLength(expected.length)
    expected.forEach((pattern, i) => expect(reasons[i]).toMatch(pattern))
  })

  it('serves settings.get/update through dispatch, validating input, and tells listeners', async () => {
    const service = await AppSettingsService.open(memorySettingsFile(), '/data', ['--port 5000'])
    service.setRunning(running)
    const heard: number[] = []
    service.onChange((s) => heard.push(s.retention_days))
    const dispatch = createDispatch({ engine: new Engine({ clock: new FakeClock() }), store: createMemoryStore(), bus: new EventBus(), info: { version: 't', mode: 'headless', dataDir: '/data' }, appSettings: service })

    const bad = await dispatch('settings.update', { rest_server: { port: 70000 } })
    expect(bad.ok ? null : bad.error).toMatchObject({ param: 'rest_server.port', message: 'rest_server.port must be between 1 and 65535' })
    const updated = await dispatch('settings.update', { rest_server: { port: 4791 }, retention_days: 7 })
    expect(updated.ok && updated.data).toMatchObject({ saved: { rest_server: { port: 4791, enabled: true }, retention_days: 7 }, overrides: ['--port 5000'] })
    expect(updated.ok && updated.data.restart_reasons.join(' ')).toMatch(/4791 takes effect.*--port 5000 wins/)
    expect(heard).toEqual([7])
  })

  it('keeps settings.json in the data folder: defaults when missing, written whole, refused with the field when invalid', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rd-settings-'))
    try {
      const file = settingsFile(dir)
      expect(await file.read()).toEqual(defaultAppSettings)
      await file.write(withRest({ host: '0.0.0.0' }))
      expect(JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8'))).toMatchObject({ rest_server: { host: '0.0.0.0' } })
      await writeFile(join(dir, 'settings.json'), JSON.stringify({ retention_days: 0 }))
      await expect(file.read()).rejects.toThrow(SettingsFileError)
      await expect(file.read()).rejects.toThrow(/retention_days must be between 1 and 3650/)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('prunes events older than the retention window, and follows a changed window', async () => {
    const store = createMemoryStore()
    const day = 24 * 3600 * 1000
    const now = 100 * day
    const event = (n: number, ageDays: number): DomainEvent => ({ sid: `EV${String(n).padStart(32, '0')}`, workspace_sid: 'WS1', event_date_ms: now - ageDays * day }) as DomainEvent
    await store.commit({ changes: [], events: [event(1, 40), event(2, 10), event(3, 1)] })
    let days = 30
    const job = startRetention({ store, retentionDays: () => days, now: () => now, timers: false })
    await job.runNow()
    expect((await store.queryEvents({ workspace_sid: 'WS1' })).map((e) => e.sid.slice(-1))).toEqual(['3', '2'])
    days = 7
    await job.runNow()
    expect((await store.queryEvents({ workspace_sid: 'WS1' })).map((e) => e.sid.slice(-1))).toEqual(['3'])
  })
})
