import { describe, expect, it } from 'vitest'
import { methods } from '../../src-main/contract/methods'
import { credentialsMethods } from '../../src-main/contract/credentials'
import { simulationRunnerMethodNames } from '../../src-main/contract/simulation'
import { backupMethods } from '../../src-main/contract/backup'
import { settingsMethods } from '../../src-main/contract/settings'
import { transferMethods } from '../../src-main/api/workspaceTransfer'
import { methodNames, pushEventNames } from '../../src-main/contract/names'
import { pushEvents } from '../../src-main/contract/pushEvents'
import { Engine } from '../../src-main/engine/engine'
import { FakeClock } from '../../src-main/engine/clock'

describe('the contract', () => {
  it('lists exactly the methods of the method table (the preload allowlist is built from it)', () => {
    expect([...methodNames].sort()).toEqual(Object.keys(methods).sort())
  })

  it('lists exactly the push events of the push-event table', () => {
    expect([...pushEventNames].sort()).toEqual(Object.keys(pushEvents).sort())
  })

  it('names every method resource.verb', () => {
    for (const name of methodNames) expect(name).toMatch(/^[a-z][A-Za-z]*\.[a-z][A-Za-z]*$/)
  })

  it('has an engine query or command for every method except those the api layer answers itself', () => {
    const engine = new Engine({ clock: new FakeClock() })
    // system.info describes the process; the Events log is history, answered from the store;
    // so is the webhook outbox.
    const answeredByApi = new Set(['system.info', 'events.list', 'events.get', 'webhooks.deliveries'])
    // REST credentials belong to the server that owns credentials.json (api/credentials.ts).
    for (const name of Object.keys(credentialsMethods)) answeredByApi.add(name)
    // Simulation runs execute beside the engine, in time slices (api/simulationRunner.ts).
    for (const name of simulationRunnerMethodNames) answeredByApi.add(name)
    // Backups write the store's file; settings.json and workspace export/import live beside the engine.
    for (const name of [...Object.keys(backupMethods), ...Object.keys(settingsMethods), ...transferMethods]) answeredByApi.add(name)
    const unhandled = methodNames.filter((name) => !answeredByApi.has(name) && !engine.isQuery(name) && !engine.isCommand(name))
    expect(unhandled).toEqual([])
  })
})
