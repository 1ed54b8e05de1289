import { describe, expect, it } from 'vitest'
import { ScenarioSchema } from '../../../src-main/contract/simulation'
import { exampleScenario } from '../../../src-main/engine/simulation/examples'
import { ScenarioSimulation } from '../../../src-main/engine/simulation/scenarioSimulation'
import { workspaceFixture } from '../helpers'

describe('saved simulation runs (documents of kind simulation_run)', () => {
  it.each([
    ['asked for', true],
    ['not asked for', false],
  ])('keeps the compact event log only when it was %s, and never the full engine events', (_case, includeEvents) => {
    const { run, read, ws } = workspaceFixture()
    const scenario = ScenarioSchema.parse({ ...exampleScenario, hours: 1, seed: 2, include_events: includeEvents })
    const result = new ScenarioSimulation(scenario).run()
    const saved = run('simulationRuns.create', { workspace_sid: ws, name: 'Run', body: { scenario, source: { kind: 'scenario' }, result } }).result
    const opened = read('simulationRuns.get', { workspace_sid: ws, sid: saved.sid })
    expect(opened.result.events).toBeUndefined()
    expect(opened.result.event_log).toEqual(includeEvents ? result.event_log : undefined)
    expect(opened.result.events_total).toBe(includeEvents ? result.events!.length : undefined)
  })
})
