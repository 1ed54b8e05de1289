import { z } from 'zod'
import { expressionText, friendlyName, workflowConfigurationText, workflowSid, workspaceSid } from './inputs'
import { DomainEventSchema } from './resources'
import { SidPrefix, sidSchema } from './sids'

/**
 * Simulation and forecasting (issue 10): a scenario (queues, agents, arrivals, handle times,
 * patience) run through the real engine on a simulated clock, with Erlang C / Erlang A
 * alongside. Runs execute in the API process in time slices (api/simulationRunner) and push
 * `app.simulation` progress; finished runs are saved as documents of kind `simulation_run`.
 *
 * Times in a scenario are seconds; hours of day are 0..23 in the simulated day, which starts
 * at `start_hour`.
 */

const seconds = z.number().finite().min(0).max(86_400)
const positiveSeconds = z.number().finite().positive().max(86_400)
const hourOfDay = z.number().int().min(0).max(23)
const skillName = z.string().trim().min(1).max(64)
const channelName = z.string().trim().min(1).max(64)
/** A JSON object of task or worker attributes (what expressions read). */
const attributesObject = z.record(z.string(), z.unknown())

export const HandleTimeSchema = z.discriminatedUnion('distribution', [
  z.strictObject({ distribution: z.literal('exponential'), mean_seconds: positiveSeconds }),
  z.strictObject({ distribution: z.literal('lognormal'), mean_seconds: positiveSeconds, sd_seconds: positiveSeconds }),
  z.strictObject({ distribution: z.literal('fixed'), mean_seconds: positiveSeconds }),
])
export type HandleTime = z.infer<typeof HandleTimeSchema>

export const ScenarioQueueSchema = z.strictObject({
  name: friendlyName,
  /** Agents with this skill serve the queue: target_workers `skills HAS "<skill>"`. */
  skill: skillName.optional(),
  /** An explicit target_workers expression instead of `skill` (default: every worker). */
  target_workers: expressionText.optional(),
  task_order: z.enum(['FIFO', 'LIFO']).optional(),
})

export const ShiftSchema = z.strictObject({
  /** Hour of day the agents log in. */
  start_hour: hourOfDay,
  /** Hour of day they log out (after finishing the task in hand); equal to start = 24 hours. */
  end_hour: hourOfDay,
})

export const AgentGroupSchema = z.strictObject({
  /** Names are `<name> 1`, `<name> 2`, ... */
  name: z.string().trim().min(1).max(48),
  count: z.number().int().min(1).max(2000),
  skills: z.array(skillName).max(50).default([]),
  /** Tasks at once per channel (unique name -> capacity); other channels get 0. Default voice 1. */
  capacity: z.record(channelName, z.number().int().min(0).max(50)).optional(),
  /** Logged in for the whole run when absent. */
  shift: ShiftSchema.optional(),
  /** Extra worker attributes (merged with `skills`). */
  attributes: attributesObject.optional(),
})

export const ArrivalStreamSchema = z.strictObject({
  /** The scenario queue these tasks are meant for: sets the task attribute `queue` the default workflow routes on. */
  queue: friendlyName.optional(),
  channel: channelName.default('voice'),
  /** Mean arrivals per hour (Poisson); multiplied per hour of day by `profile`. */
  per_hour: z.number().finite().min(0).max(100_000),
  /** 24 multipliers, one per hour of day (0 = midnight); default flat. */
  profile: z.array(z.number().finite().min(0).max(100)).length(24).optional(),
  handle_time: HandleTimeSchema,
  /** Mean patience (exponential): a task not accepted by then is canceled (abandoned). */
  patience_seconds: positiveSeconds.optional(),
  /** After-call work: the agent stays busy this long after handling. */
  wrap_up_seconds: seconds.optional(),
  priority: z.number().int().min(0).max(1000).optional(),
  attributes: attributesObject.optional(),
})

export const ScenarioSchema = z.strictObject({
  name: z.string().trim().min(1).max(100).default('Scenario'),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
  hours: z.number().finite().positive().max(24 * 31).default(8),
  /** Hour of day the run starts (profiles and shifts follow it). */
  start_hour: hourOfDay.default(8),
  /** Service level threshold: answered within this many seconds of arrival. */
  sla_seconds: z.number().finite().min(0).max(3600).default(20),
  /** Service level goal, for the staffing calculator. */
  target_service_level: z.number().min(0.01).max(0.999).default(0.8),
  /** Seconds an agent takes to accept a reservation. */
  accept_delay_seconds: seconds.default(0),
  queues: z.array(ScenarioQueueSchema).max(100).default([]),
  agents: z.array(AgentGroupSchema).max(200).default([]),
  arrivals: z.array(ArrivalStreamSchema).min(1).max(200),
  /**
   * A workflow configuration (JSON text or object) whose `queue` targets may name scenario
   * queues; default: one filter per queue on `task.queue`.
   */
  workflow: z.union([workflowConfigurationText, attributesObject]).optional(),
  /**
   * Keep the run's event log: `events` in the live result (at most 20,000 engine events) and a
   * compact `event_log` (the first 5,000) that is saved with the run.
   */
  include_events: z.boolean().default(false),
})
/** A scenario as written (defaults not applied). */
export type ScenarioInput = z.input<typeof ScenarioSchema>
/** A scenario with every default applied, as the simulator reads it. */
export type Scenario = z.output<typeof ScenarioSchema>

/**
 * What a run routes with besides the scenario's arrivals. `scenario` (default): the scenario's
 * queues, agents and workflow. `workspace`: a copy of the workspace's activities, channels,
 * queues and workers, routed by `workflow_sid` or a draft `configuration` (its queue SIDs are
 * the workspace's); the scenario's queues and agents are ignored.
 */
export const SimulationSourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('scenario') }),
  z.strictObject({
    kind: z.literal('workspace'),
    workflow_sid: workflowSid.optional(),
    configuration: workflowConfigurationText.optional(),
    /** Which of the workspace's workers are logged in during the run. */
    workers: z.enum(['all', 'available']).default('all'),
  }),
])
export type SimulationSource = z.output<typeof SimulationSourceSchema>

const count = z.number().int().min(0)
const share = z.number().min(0)

/** The contact-center numbers of a slice of the run (all, one queue, one hour). */
export const SimulationKpisSchema = z.object({
  offered: count,
  answered: count,
  abandoned: count,
  /** Answered within `sla_seconds` of arrival. */
  answered_within_sla: count,
  /** answered_within_sla / offered (1 when nothing was offered). */
  service_level: share,
  /** Mean seconds from arrival to acceptance, over answered tasks. */
  asa_seconds: share,
  /** Mean handle seconds (talk, not wrap-up), over answered tasks. */
  aht_seconds: share,
  /** abandoned / offered. */
  abandonment_rate: share,
  /** Busy agent time / logged-in agent time (queue: time on this queue's tasks / its members' time). */
  occupancy: share,
})
export type SimulationKpis = z.infer<typeof SimulationKpisSchema>

export const ErlangEstimateSchema = z.object({
  model: z.enum(['erlang_c', 'erlang_a']),
  agents: z.number(),
  arrivals_per_hour: z.number(),
  aht_seconds: z.number(),
  patience_seconds: z.number().nullable(),
  traffic_erlangs: z.number(),
  probability_of_waiting: z.number(),
  service_level: z.number(),
  /** Null when the queue is unstable (Erlang C with agents <= traffic). */
  asa_seconds: z.number().nullable(),
  occupancy: z.number(),
  abandonment_rate: z.number(),
  /** The fewest agents that reach the target service level (null beyond 10,000). */
  agents_needed: z.number().int().nullable(),
})
export type ErlangEstimate = z.infer<typeof ErlangEstimateSchema>

/** Log lines kept with a saved run: the first ones of the run, in simulated-time order. */
export const SIMULATION_EVENT_LOG_LIMIT = 5000

/** One line of a run's event log, compact enough to keep with a saved run. */
export const SimulationLogEntrySchema = z.object({
  /** Simulated seconds since the run's start. */
  at_seconds: z.number(),
  /** The simulated clock's time (ISO 8601). */
  date: z.string(),
  event_type: z.string(),
  description: z.string(),
  resource_sid: z.string(),
  task_sid: z.string().nullable(),
  worker_name: z.string().nullable(),
  queue_name: z.string().nullable(),
})
export type SimulationLogEntry = z.infer<typeof SimulationLogEntrySchema>

export const SimulationResultSchema = z.object({
  scenario_name: z.string(),
  seed: z.number().int(),
  sla_seconds: z.number(),
  /** Simulated seconds, including the drain after the last arrival. */
  simulated_seconds: z.number(),
  horizon_seconds: z.number(),
  wall_ms: z.number(),
  agents: count,
  totals: SimulationKpisSchema,
  queues: z.array(SimulationKpisSchema.extend({
    queue_sid: z.string(),
    name: z.string(),
    /** Workers the queue's target_workers selects. */
    members: count,
    /** For a single-skill queue (its members serve no other queue, one channel of capacity 1). */
    erlang: ErlangEstimateSchema.nullable(),
  })),
  /** By hour of arrival since the start (hour_of_day is the simulated clock's). */
  hours: z.array(SimulationKpisSchema.extend({ hour: count, hour_of_day: count })),
  events: z.array(DomainEventSchema).optional(),
  /** With include_events: the first SIMULATION_EVENT_LOG_LIMIT events, compact (saved with the run). */
  event_log: z.array(SimulationLogEntrySchema).max(SIMULATION_EVENT_LOG_LIMIT).optional(),
  /** With include_events: how many events the run produced (more than event_log holds when capped). */
  events_total: count.optional(),
})
export type SimulationResult = z.infer<typeof SimulationResultSchema>

export const SimulationStatusValue = z.enum(['running', 'done', 'canceled', 'failed'])

const runId = z.string().regex(/^SR[0-9a-f]{32}$/, { message: 'must be a simulation run id (SR + 32 hex digits)' })
const simulationRunSid = sidSchema(SidPrefix.Document)

/** A run in progress or just finished (kept in memory for an hour); also the `app.simulation` push. */
export const SimulationStatusSchema = z.object({
  run_id: z.string(),
  workspace_sid: z.string(),
  name: z.string(),
  status: SimulationStatusValue,
  /** 0..1 of the simulated horizon. */
  progress: z.number(),
  simulated_seconds: z.number(),
  tasks: count,
  /** The saved document (`simulationRuns.get`) once done. */
  saved_sid: z.string().nullable(),
  /** Why the run failed (TaskRouter-style code and message). */
  error: z.object({ code: z.number(), message: z.string(), param: z.string().optional() }).nullable(),
})
export type SimulationStatus = z.infer<typeof SimulationStatusSchema>

export const SimulationRunSummarySchema = z.object({
  sid: z.string(),
  workspace_sid: z.string(),
  name: z.string(),
  date_created: z.string(),
  source: SimulationSourceSchema,
  totals: SimulationKpisSchema,
  agents: count,
  horizon_seconds: z.number(),
})
export type SimulationRunSummary = z.infer<typeof SimulationRunSummarySchema>

export const SimulationRunSchema = SimulationRunSummarySchema.extend({
  scenario: ScenarioSchema,
  result: SimulationResultSchema,
})
export type SimulationRun = z.infer<typeof SimulationRunSchema>

/** The body of a `simulation_run` document. */
export const SimulationRunBodySchema = z.object({ scenario: ScenarioSchema, source: SimulationSourceSchema, result: SimulationResultSchema })
export type SimulationRunBody = z.infer<typeof SimulationRunBodySchema>

export const ErlangInputSchema = z.strictObject({
  arrivals_per_hour: z.number().finite().positive().max(1_000_000),
  aht_seconds: positiveSeconds,
  /** Staffing to evaluate; default: the staffing calculator's answer. */
  agents: z.number().int().min(1).max(10_000).optional(),
  sla_seconds: z.number().finite().min(0).max(3600).default(20),
  target_service_level: z.number().min(0.01).max(0.999).default(0.8),
  /** Mean patience: Erlang A (abandonment) instead of Erlang C. */
  patience_seconds: positiveSeconds.optional(),
})

export const simulationMethods = {
  /** Starts a run in the background; progress arrives as `app.simulation`, the result via `simulations.status`. */
  'simulations.start': {
    input: z.strictObject({
      workspace_sid: workspaceSid,
      scenario: ScenarioSchema,
      source: SimulationSourceSchema.default({ kind: 'scenario' }),
      /** Save the finished run as a `simulation_run` document (default true). */
      save: z.boolean().default(true),
    }),
    output: SimulationStatusSchema,
  },
  'simulations.status': {
    input: z.strictObject({ run_id: runId }),
    output: SimulationStatusSchema.extend({ result: SimulationResultSchema.nullable() }),
  },
  'simulations.cancel': { input: z.strictObject({ run_id: runId }), output: SimulationStatusSchema },
  /** Erlang C (or A with patience) and the staffing calculator, without simulating. */
  'simulations.erlang': { input: ErlangInputSchema, output: ErlangEstimateSchema },
  /** A ready-made scenario: the demo contact center's, or one sized to the workspace's queues. */
  'simulations.example': {
    input: z.strictObject({ workspace_sid: workspaceSid }),
    output: ScenarioSchema,
  },

  /** Saved runs, newest first. */
  'simulationRuns.list': { input: z.strictObject({ workspace_sid: workspaceSid }), output: z.array(SimulationRunSummarySchema) },
  'simulationRuns.get': { input: z.strictObject({ workspace_sid: workspaceSid, sid: simulationRunSid }), output: SimulationRunSchema },
  /** Saves a finished run (the runner calls this; also for importing a run). */
  'simulationRuns.create': {
    input: z.strictObject({ workspace_sid: workspaceSid, name: z.string().trim().min(1).max(100), body: SimulationRunBodySchema }),
    output: SimulationRunSummarySchema,
  },
  'simulationRuns.delete': { input: z.strictObject({ workspace_sid: workspaceSid, sid: simulationRunSid }), output: z.object({ deleted: z.literal(true) }) },
} as const

/** Methods the API process answers itself (api/simulationRunner): runs live beside the engine, not in it. */
export const simulationRunnerMethodNames = ['simulations.start', 'simulations.status', 'simulations.cancel', 'simulations.erlang', 'simulations.example'] as const

/** Run ids are not SIDs of a stored resource: a run lives in memory until it is saved. */
export const SIMULATION_RUN_ID_PREFIX = 'SR'
