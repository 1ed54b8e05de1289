import type { MethodName, MethodOutput, MethodParsedInput } from '../../contract/methods'
import { SimulationRunBodySchema, type SimulationRunBody, type SimulationRunSummary } from '../../contract/simulation'
import { isoSeconds } from '../clock'
import type { EngineContext } from '../configuration/context'
import { createDocument, deleteDocument, getDocument, listDocuments } from '../configuration/documents'
import type { DocumentRecord, Outcome } from '../model'

/**
 * Saved simulation runs: documents of kind `simulation_run` whose body is the scenario, what it
 * ran against and the result. Of the event log only the compact, capped `event_log` is kept
 * (when the scenario asked for it with include_events), never the full engine `events`.
 * Listing sends summaries only; a run's hours, queues and log come with `simulationRuns.get`.
 */
export const SIMULATION_RUN_KIND = 'simulation_run'

function bodyOf(record: DocumentRecord): SimulationRunBody {
  // Bodies were validated when saved; parse again so an old or hand-edited row cannot break a view.
  return SimulationRunBodySchema.parse(record.body)
}

function summaryOf(record: DocumentRecord, body: SimulationRunBody): SimulationRunSummary {
  return {
    sid: record.sid,
    workspace_sid: record.workspace_sid,
    name: record.name,
    date_created: isoSeconds(record.date_created),
    source: body.source,
    totals: body.result.totals,
    agents: body.result.agents,
    horizon_seconds: body.result.horizon_seconds,
  }
}

export function listSimulationRuns(ctx: EngineContext, input: MethodParsedInput<'simulationRuns.list'>): MethodOutput<'simulationRuns.list'> {
  const state = ctx.workspace(input.workspace_sid)
  return listDocuments(state, SIMULATION_RUN_KIND).reverse().map((record) => summaryOf(record, bodyOf(record)))
}

export function getSimulationRun(ctx: EngineContext, input: MethodParsedInput<'simulationRuns.get'>): MethodOutput<'simulationRuns.get'> {
  const record = getDocument(ctx.workspace(input.workspace_sid), SIMULATION_RUN_KIND, input.sid, 'simulation run')
  const body = bodyOf(record)
  return { ...summaryOf(record, body), scenario: body.scenario, result: body.result }
}

export function createSimulationRun(ctx: EngineContext, input: MethodParsedInput<'simulationRuns.create'>): Outcome<MethodOutput<'simulationRuns.create'>> {
  const state = ctx.workspace(input.workspace_sid)
  const tx = ctx.begin()
  const { events: _events, ...result } = input.body.result
  const body: SimulationRunBody = { ...input.body, result }
  const record = createDocument(state, tx, { kind: SIMULATION_RUN_KIND, name: input.name, body })
  return tx.outcome(summaryOf(record, body))
}

export function deleteSimulationRun(ctx: EngineContext, input: MethodParsedInput<'simulationRuns.delete'>): Outcome<{ deleted: true }> {
  const state = ctx.workspace(input.workspace_sid)
  getDocument(state, SIMULATION_RUN_KIND, input.sid, 'simulation run')
  const tx = ctx.begin()
  deleteDocument(state, tx, input.sid)
  return tx.outcome({ deleted: true })
}

type Query<M extends MethodName> = (ctx: EngineContext, input: MethodParsedInput<M>) => MethodOutput<M>
type Command<M extends MethodName> = (ctx: EngineContext, input: MethodParsedInput<M>) => Outcome<MethodOutput<M>>

export const simulationQueries: { [M in MethodName]?: Query<M> } = {
  'simulationRuns.list': listSimulationRuns,
  'simulationRuns.get': getSimulationRun,
}

export const simulationCommands: { [M in MethodName]?: Command<M> } = {
  'simulationRuns.create': createSimulationRun,
  'simulationRuns.delete': deleteSimulationRun,
}
