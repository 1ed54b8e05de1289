import type { Clock, Scheduler } from '../clock'
import type { IdGenerator } from '../ids'
import { NotFoundError } from '../errors'
import type { Outcome, WorkspaceRecord } from '../model'
import { TimerBook } from '../routing/timers'
import { StatisticsBook } from '../statistics/book'
import { Transaction } from '../transaction'
import { NamedCollection } from './namedCollection'
import type { WorkspaceState } from './workspaceState'

/** What every command module works on: the engine's state and its injected ports. */
export class EngineContext {
  readonly workspaces = new Map<string, WorkspaceState>()
  readonly workspaceNames = new NamedCollection<WorkspaceRecord>('workspace', 'on this server')

  readonly timers: TimerBook
  /** Real-time and cumulative statistics; the Engine hands the same book to every context it builds. */
  statistics = new StatisticsBook()
  /** Receives what timers do (reservation timeouts, step timeouts, TTLs) for persisting. */
  onBackgroundOutcome: (outcome: Outcome<null>) => void = () => {}

  constructor(
    readonly clock: Clock,
    readonly ids: IdGenerator,
    readonly scheduler: Scheduler,
  ) {
    this.timers = new TimerBook(scheduler, () => clock.now())
  }

  begin(): Transaction {
    return new Transaction(this.clock, this.ids)
  }

  /** Runs a timer's work as its own command and hands the outcome to the background sink. */
  runInBackground(work: (tx: Transaction) => void): void {
    const tx = this.begin()
    work(tx)
    if (tx.changes.length > 0 || tx.events.length > 0) this.onBackgroundOutcome(tx.outcome(null))
  }

  workspace(sid: string, param = 'workspace_sid'): WorkspaceState {
    const state = this.workspaces.get(sid)
    if (!state) throw new NotFoundError(`The requested workspace ${sid} was not found`, param)
    return state
  }
}
