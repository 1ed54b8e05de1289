import type { MethodName, MethodOutput, MethodParsedInput } from '../../src-main/contract/methods'
import { FakeClock } from '../../src-main/engine/clock'
import { Engine } from '../../src-main/engine/engine'
import { sequentialIds } from '../../src-main/engine/ids'
import type { Outcome } from '../../src-main/engine/model'

/** An engine on a fake clock with sequential SIDs, plus shortcuts that read like the API. */
export function newEngine(): {
  engine: Engine
  clock: FakeClock
  run: <M extends MethodName>(method: M, input: MethodParsedInput<M>) => Outcome<MethodOutput<M>>
  read: <M extends MethodName>(method: M, input: MethodParsedInput<M>) => MethodOutput<M>
} {
  const clock = new FakeClock()
  const engine = new Engine({ clock, ids: sequentialIds() })
  return {
    engine,
    clock,
    run: (method, input) => engine.execute(method, input),
    read: (method, input) => engine.query(method, input),
  }
}

/** A workspace with the default activities and channels; returns handy SIDs. */
export function workspaceFixture(name = 'Support') {
  const context = newEngine()
  const workspace = context.run('workspaces.create', { friendly_name: name }).result
  const activities = context.read('activities.list', { workspace_sid: workspace.sid })
  const activity = (activityName: string): string => activities.find((a) => a.friendly_name === activityName)!.sid
  return { ...context, workspace, ws: workspace.sid, activity }
}
