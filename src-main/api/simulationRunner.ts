import { ErrorCode, type ApiError } from '../contract/errors'
import type { MethodName, MethodOutput, MethodParsedInput } from '../contract/methods'
import { ScenarioSchema, simulationRunnerMethodNames, type Scenario, type SimulationResult, type SimulationSource, type SimulationStatus } from '../contract/simulation'
import type { Engine } from '../engine/engine'
import { ConflictError, NotFoundError } from '../engine/errors'
import { erlangEstimate } from '../engine/simulation/estimate'
import { exampleScenario } from '../engine/simulation/examples'
import { ScenarioSimulation } from '../engine/simulation/scenarioSimulation'
import { copyWorkspace } from '../engine/simulation/workspaceCopy'
import type { EventBus } from './eventBus'

/**
 * Runs simulations inside the API process, in time slices: each slice fires engine events for
 * about SLICE_MS, then yields to the event loop (setImmediate), so requests, pushes and the
 * store keep flowing while a run goes on. Chosen over a worker_thread because the simulated
 * engine is a separate pure-TS Engine instance with no I/O (nothing to gain from isolation but
 * CPU parallelism on a machine the app shares), cancel is a flag checked between slices, and
 * no extra bundle entry is needed in Electron. Progress is pushed as `app.simulation` at most
 * every PROGRESS_MS; a finished run is saved as a `simulation_run` document and kept in memory
 * for KEEP_MS so `simulations.status` can answer its result.
 */
const SLICE_MS = 12
const TIMERS_PER_CHECK = 500
const PROGRESS_MS = 200
const KEEP_MS = 3_600_000
const MAX_RUNNING = 2

type SimulationMethod = (typeof simulationRunnerMethodNames)[number]
const simulationMethodNames = new Set<MethodName>(simulationRunnerMethodNames)

export interface SimulationRunnerDependencies {
  engine: Engine
  bus: EventBus
  /** Saves a finished run through the ordinary command path (persisted, then published). */
  save: (input: MethodParsedInput<'simulationRuns.create'>) => Promise<MethodOutput<'simulationRuns.create'>>
  /** Yields between slices; tests may pass a synchronous or counted version. */
  yieldToEventLoop?: (next: () => void) => void
  now?: () => number
}

interface RunEntry {
  status: SimulationStatus
  simulation: ScenarioSimulation
  scenario: Scenario
  source: SimulationSource
  save: boolean
  result: SimulationResult | null
  canceled: boolean
  wallMs: number
  lastPush: number
}

export interface SimulationRunner {
  handles(method: MethodName): method is SimulationMethod
  handle(method: SimulationMethod, input: unknown): unknown
  /** Resolves when a run ends (tests and scripts). */
  finished(runId: string): Promise<SimulationStatus>
}

export function createSimulationRunner(deps: SimulationRunnerDependencies): SimulationRunner {
  const runs = new Map<string, RunEntry>()
  const waiters = new Map<string, Array<(status: SimulationStatus) => void>>()
  const now = deps.now ?? (() => performance.now())
  const yieldToEventLoop = deps.yieldToEventLoop ?? ((next) => setImmediate(next))
  let runCounter = 0

  function newRunId(): string {
    runCounter += 1
    const random = Math.floor(Math.random() * 0xffffffff).toString(16).padStart(8, '0')
    return `SR${Date.now().toString(16).padStart(16, '0')}${random}${runCounter.toString(16).padStart(8, '0')}`.slice(0, 34)
  }

  function push(entry: RunEntry): void {
    entry.lastPush = now()
    deps.bus.emit('app.simulation', { ...entry.status })
  }

  function forget(runId: string): void {
    setTimeout(() => runs.delete(runId), KEEP_MS).unref?.()
  }

  function end(runId: string, entry: RunEntry): void {
    push(entry)
    for (const resolve of waiters.get(runId) ?? []) resolve({ ...entry.status })
    waiters.delete(runId)
    forget(runId)
  }

  function fail(runId: string, entry: RunEntry, error: unknown): void {
    entry.status.status = 'failed'
    entry.status.error = errorOf(error)
    end(runId, entry)
  }

  function slice(runId: string): void {
    const entry = runs.get(runId)
    if (!entry) return
    if (entry.canceled) {
      entry.status.status = 'canceled'
      end(runId, entry)
      return
    }
    const started = now()
    let done = false
    try {
      while (!done && now() - started < SLICE_MS) done = entry.simulation.advance(TIMERS_PER_CHECK)
    } catch (error) {
      fail(runId, entry, error)
      return
    }
    entry.wallMs += now() - started
    entry.status.progress = entry.simulation.progress
    entry.status.simulated_seconds = entry.simulation.simulatedSeconds
    entry.status.tasks = entry.simulation.tasksCreated
    if (!done) {
      if (now() - entry.lastPush >= PROGRESS_MS) push(entry)
      yieldToEventLoop(() => slice(runId))
      return
    }
    entry.result = entry.simulation.result(entry.wallMs)
    if (!entry.save) {
      entry.status.status = 'done'
      end(runId, entry)
      return
    }
    // The full engine events stay in the live result only; the saved run keeps the compact event_log.
    const { events: _events, ...saved } = entry.result
    deps.save({ workspace_sid: entry.status.workspace_sid, name: entry.status.name, body: { scenario: entry.scenario, source: entry.source, result: saved } }).then(
      (saved) => {
        entry.status.saved_sid = saved.sid
        entry.status.status = 'done'
        end(runId, entry)
      },
      (error: unknown) => fail(runId, entry, error),
    )
  }

  function start(input: MethodParsedInput<'simulations.start'>): SimulationStatus {
    deps.engine.query('workspaces.get', { sid: input.workspace_sid })
    let running = 0
    for (const entry of runs.values()) if (entry.status.status === 'running') running += 1
    if (running >= MAX_RUNNING) throw new ConflictError(`${running} simulations are running already; wait for one to finish or cancel it`, 'scenario')
    const source = input.source
    const workspace = source.kind === 'workspace' ? copyWorkspace(deps.engine, input.workspace_sid) : undefined
    const simulation = new ScenarioSimulation(input.scenario, { source, ...(workspace ? { workspace } : {}) })
    const runId = newRunId()
    const entry: RunEntry = {
      status: { run_id: runId, workspace_sid: input.workspace_sid, name: input.scenario.name, status: 'running', progress: 0, simulated_seconds: 0, tasks: 0, saved_sid: null, error: null },
      simulation,
      scenario: input.scenario,
      source,
      save: input.save,
      result: null,
      canceled: false,
      wallMs: 0,
      lastPush: 0,
    }
    runs.set(runId, entry)
    push(entry)
    yieldToEventLoop(() => slice(runId))
    return { ...entry.status }
  }

  function entryOf(runId: string): RunEntry {
    const entry = runs.get(runId)
    if (!entry) throw new NotFoundError(`The requested simulation run ${runId} was not found (finished runs are kept for an hour; saved runs are in simulationRuns.list)`, 'run_id')
    return entry
  }

  return {
    handles: (method): method is SimulationMethod => simulationMethodNames.has(method),
    handle(method, input) {
      switch (method) {
        case 'simulations.start':
          return start(input as MethodParsedInput<'simulations.start'>)
        case 'simulations.status': {
          const entry = entryOf((input as MethodParsedInput<'simulations.status'>).run_id)
          return { ...entry.status, result: entry.result }
        }
        case 'simulations.cancel': {
          const entry = entryOf((input as MethodParsedInput<'simulations.cancel'>).run_id)
          if (entry.status.status === 'running') entry.canceled = true
          return { ...entry.status }
        }
        case 'simulations.erlang': {
          const parsed = input as MethodParsedInput<'simulations.erlang'>
          return erlangEstimate({
            arrivalsPerHour: parsed.arrivals_per_hour,
            ahtSeconds: parsed.aht_seconds,
            slaSeconds: parsed.sla_seconds,
            targetServiceLevel: parsed.target_service_level,
            ...(parsed.agents === undefined ? {} : { agents: parsed.agents }),
            ...(parsed.patience_seconds === undefined ? {} : { patienceSeconds: parsed.patience_seconds }),
          })
        }
        case 'simulations.example':
          deps.engine.query('workspaces.get', { sid: (input as MethodParsedInput<'simulations.example'>).workspace_sid })
          return ScenarioSchema.parse(exampleScenario)
      }
    },
    finished(runId) {
      const entry = entryOf(runId)
      if (entry.status.status !== 'running') return Promise.resolve({ ...entry.status })
      return new Promise((resolve) => {
        const list = waiters.get(runId) ?? []
        list.push(resolve)
        waiters.set(runId, list)
      })
    },
  }
}

/** A run's failure as the contract reports errors: engine errors keep their code and param. */
function errorOf(error: unknown): SimulationStatus['error'] {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'number' && error instanceof Error) {
    const param = 'param' in error && typeof error.param === 'string' ? { param: error.param } : {}
    return { code: error.code, message: error.message, ...param }
  }
  const apiError = error as Partial<ApiError> | undefined
  if (apiError && typeof apiError.code === 'number' && typeof apiError.message === 'string') return { code: apiError.code, message: apiError.message }
  console.error('[routedesk] a simulation failed:', error)
  return { code: ErrorCode.Internal, message: 'The simulation failed unexpectedly' }
}
