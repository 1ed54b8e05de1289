import type { Clock } from '../clock'
import type { IdGenerator } from '../ids'
import { NotFoundError } from '../errors'
import type { WorkspaceRecord } from '../model'
import { Transaction } from '../transaction'
import { NamedCollection } from './namedCollection'
import type { WorkspaceState } from './workspaceState'

/** What every command module works on: the engine's state and its injected ports. */
export class EngineContext {
  readonly workspaces = new Map<string, WorkspaceState>()
  readonly workspaceNames = new NamedCollection<WorkspaceRecord>('workspace', 'on this server')

  constructor(
    readonly clock: Clock,
    readonly ids: IdGenerator,
  ) {}

  begin(): Transaction {
    return new Transaction(this.clock, this.ids)
  }

  workspace(sid: string, param = 'workspace_sid'): WorkspaceState {
    const state = this.workspaces.get(sid)
    if (!state) throw new NotFoundError(`The requested workspace ${sid} was not found`, param)
    return state
  }
}
