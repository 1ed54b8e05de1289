import { z } from 'zod'
import type { ExplainedNodeView } from './expressions'
import { WORKFLOW_CONFIGURATION_MAX, attributesJson, friendlyName, taskChannelRef, taskPriority, taskReservationTimeout, workflowConfigurationText, workflowSid, workspaceSid } from './inputs'
import { WorkflowSchema } from './resources'
import { SidPrefix, sidSchema } from './sids'

/**
 * The visual workflow builder's engine side (issue 8): drafts, immutable versions, checks,
 * the route explanation ("Try it") and saved sample attributes. Routedesk-only: no REST route,
 * contract/RPC only. Dates are ISO-8601 strings like every other resource.
 *
 * Lifecycle: the UI edits a draft (`workflowDrafts.save`, free text, may be invalid JSON);
 * `workflowVersions.publish` checks the draft, applies it exactly like `workflows.update`, and
 * records an immutable version. Every configuration change through any transport (REST
 * `workflows.update` included) also records a version, so history is never empty.
 *
 * To diff two versions structurally (filters/targets added, removed, changed), the renderer
 * calls `diffWorkflowConfigurations(a, b)` from './workflowDiff' (exported by '@contract').
 */

const inWorkspace = { workspace_sid: workspaceSid }
const documentSid = sidSchema(SidPrefix.Document)
const isoDate = z.string()

/** A version number: 1 is the configuration the workflow was created with. */
export const workflowVersionNumber = z.number().int().min(1, { message: 'must be a version number (1 or more)' })

/** A commit-style message for a published version. */
export const versionMessage = z.string().trim().max(500, { message: 'must be at most 500 characters' })

// ---------------------------------------------------------------------------------------------
// Drafts

export const WorkflowDraftSchema = z.object({
  workflow_sid: z.string(),
  /** The configuration text as the admin last saved it: possibly invalid JSON; never reformatted. */
  configuration: z.string(),
  /**
   * The published version this draft started from (null when the workflow has no version yet).
   * When it is not the newest of `workflowVersions.list`, someone published since the draft
   * was started: offer a diff before publishing.
   */
  based_on_version: z.number().int().nullable(),
  /** Bumps on every save; pass it back as `if_revision` to detect concurrent edits. 0 = no draft stored. */
  revision: z.number().int(),
  /** True when a draft document is stored; false = `configuration` is the published one. */
  exists: z.boolean(),
  /** True when `configuration` differs (as text) from the workflow's published configuration. */
  changed: z.boolean(),
  /** When the draft was last saved; null when there is no draft. */
  date_updated: isoDate.nullable(),
})
export type WorkflowDraft = z.infer<typeof WorkflowDraftSchema>

// ---------------------------------------------------------------------------------------------
// Versions

/** How a version came to be. */
export const WorkflowVersionSourceSchema = z.enum([
  /** `workflows.create` (any transport): message 'Created'. */
  'created',
  /** `workflows.update` with a new configuration (any transport, e.g. REST): 'Updated via API'. */
  'api',
  /** `workflowVersions.publish` from the builder. */
  'publish',
  /** `workflowVersions.rollback`. */
  'rollback',
  /** Recorded on the first publish of a workflow created before versions existed. */
  'baseline',
])
export type WorkflowVersionSource = z.infer<typeof WorkflowVersionSourceSchema>

export const WorkflowVersionSchema = z.object({
  /**
   * The document SID (RD...) of this version; null for the implicit version 1 of a workflow
   * created before versioning existed (stored for real on its first publish).
   */
  sid: z.string().nullable(),
  workflow_sid: z.string(),
  /** 1, 2, 3... per workflow; never reused, even after rollbacks. */
  version: z.number().int(),
  message: z.string(),
  source: WorkflowVersionSourceSchema,
  /** For rollbacks: the version whose configuration was re-published; otherwise null. */
  rolled_back_from: z.number().int().nullable(),
  /** The configuration exactly as applied to the workflow. */
  configuration: z.string(),
  date_created: isoDate,
})
export type WorkflowVersion = z.infer<typeof WorkflowVersionSchema>

// ---------------------------------------------------------------------------------------------
// Checks

export const ProblemSeveritySchema = z.enum(['error', 'warning'])

/**
 * Stable problem codes (the UI may key help texts on them):
 * - `invalid_json`: the text is not JSON. error.
 * - `invalid_schema`: shape, type, range or unknown key (the message names the JSON path). error.
 * - `unknown_queue`: a target/default queue that is not a queue of this workspace. error.
 * - `invalid_expression`: an expression does not parse (message = the parser's diagnostic). error.
 * - `missing_first_queue`: the first target of a filter has no queue. error.
 * - `conflicting_known_worker`: both known_worker_sid and known_worker_friendly_name. error.
 * - `no_routing`: neither filters nor a default filter. error.
 * - `last_target_timeout`: the last target of the last filter has a timeout: with no filter below,
 *   the task is canceled when it expires (workflow.timeout; the default filter does not catch
 *   timeouts). warning.
 * - `no_default_filter`: tasks matching no filter have nowhere to go. warning.
 * - `unreachable_filter`: an earlier filter always matches or has the identical expression. warning.
 * - `no_eligible_workers`: a target queue's target_workers selects no current worker. warning.
 * - `has_on_scalar`: HAS on an attribute that real tasks/workers carry as a scalar. warning.
 * - `hyphenated_key`: an expression names a key with '-' (TaskRouter cannot parse it). error.
 * - `expression_lint`: another static warning from the expression linter (message says which). warning.
 */
export const ProblemCodeSchema = z.enum([
  'invalid_json',
  'invalid_schema',
  'unknown_queue',
  'invalid_expression',
  'missing_first_queue',
  'conflicting_known_worker',
  'no_routing',
  'last_target_timeout',
  'no_default_filter',
  'unreachable_filter',
  'no_eligible_workers',
  'has_on_scalar',
  'hyphenated_key',
  'expression_lint',
])
export type ProblemCode = z.infer<typeof ProblemCodeSchema>

/** Where a problem is, so the UI can select the node. All empty = the whole configuration. */
export const ProblemPathSchema = z.object({
  /** Index into task_routing.filters. */
  filter: z.number().int().optional(),
  /** Index into that filter's targets. */
  target: z.number().int().optional(),
  /** True when the problem is in task_routing.default_filter. */
  default_filter: z.boolean().optional(),
  /** The field at fault, e.g. 'expression', 'queue', 'timeout', 'skip_if', 'order_by'. */
  field: z.string().optional(),
})
export type ProblemPath = z.infer<typeof ProblemPathSchema>

export const WorkflowProblemSchema = z.object({
  severity: ProblemSeveritySchema,
  code: ProblemCodeSchema,
  /** One sentence for the admin, naming the filter/target by name when it has one. */
  message: z.string(),
  path: ProblemPathSchema,
  /** For expression problems: 1-based column and length inside the expression text. */
  column: z.number().int().optional(),
  length: z.number().int().optional(),
  /** A suggestion, when the parser or linter has one. */
  hint: z.string().optional(),
})
export type WorkflowProblem = z.infer<typeof WorkflowProblemSchema>

export const WorkflowCheckResultSchema = z.object({
  /** False when any problem has severity 'error' (publishing is refused). */
  ok: z.boolean(),
  /** Errors first, then warnings; each group in configuration order. */
  problems: z.array(WorkflowProblemSchema),
})
export type WorkflowCheckResult = z.infer<typeof WorkflowCheckResultSchema>

// ---------------------------------------------------------------------------------------------
// Explain ("Try it"): a dry run, no state change, no events

/** Why a filter did (not) take the task. */
export const FilterVerdictSchema = z.enum([
  /** The filter expression is true and the task entered its first target. */
  'matched',
  /** The filter expression is false for these attributes. */
  'not_matched',
  /** The expression is true but every target's skip_if fires right now, so the task moves on. */
  'skipped',
  /** The expression does not parse. */
  'invalid',
  /** Below the filter that took the task: not evaluated. */
  'not_evaluated',
])

export const ExplainedFilterSchema = z.object({
  index: z.number().int(),
  /** filter_friendly_name (or the legacy friendly_name), or 'Filter N'. */
  name: z.string(),
  expression: z.string(),
  verdict: FilterVerdictSchema,
  /** The expression's explanation tree (which clause was false); null when not evaluated/invalid. */
  explanation: z.custom<ExplainedNodeView>().nullable(),
  /** Attribute keys the expression read that the task does not have. */
  null_keys: z.array(z.string()),
  /** The reason in words, e.g. "type == 'sales' is false: type is 'support'". */
  reason: z.string(),
})
export type ExplainedFilter = z.infer<typeof ExplainedFilterSchema>

/** Why a worker of the target's queue would not be reserved now. */
export const WorkerExclusionSchema = z.enum([
  /** Its activity is not available. */
  'unavailable',
  /** No free capacity (or the channel is off) on the task's channel. */
  'no_capacity',
  /** The target expression is false for this worker (`detail` names the clause). */
  'expression_false',
  /** The target names a known worker and this is not it. */
  'not_known_worker',
  /** Eligible, but the queue's max_reserved_workers slots went to workers ranked ahead (idle longer, or order_by). */
  'not_chosen',
])

export const ExplainedWorkerSchema = z.object({
  worker_sid: z.string(),
  friendly_name: z.string(),
  activity_name: z.string(),
  /** null for the workers that would be reserved. */
  exclusion: WorkerExclusionSchema.nullable(),
  /** Words: the failing clause, the key that was NULL, the activity, the used capacity... */
  detail: z.string(),
})
export type ExplainedWorker = z.infer<typeof ExplainedWorkerSchema>

/** What happens when the step's timeout passes (or right away when skip_if fires). */
export const NextStepSchema = z.object({
  kind: z.enum([
    /** No timeout: the task waits here until accepted or its TTL. */
    'waits',
    /** Moves to target `target` of the same filter. */
    'next_target',
    /** Continues with the next filter below that matches (`filter`). */
    'next_filter',
    /** Falls to the default filter (only after skipping all targets of every matching filter). */
    'default_filter',
    /** No filter below matches: the task is canceled (workflow.timeout / workflow.skipped). */
    'workflow_timeout',
  ]),
  /** Seconds after entering the step; null when it happens at once (skip_if) or never ('waits'). */
  after_seconds: z.number().int().nullable(),
  filter: z.number().int().optional(),
  target: z.number().int().optional(),
  /** The sentence the pane shows, e.g. "after 30s: next target (Tier 2)". */
  description: z.string(),
})
export type NextStep = z.infer<typeof NextStepSchema>

export const ExplainedTargetSchema = z.object({
  /** The filter this step belongs to; null for the default filter. */
  filter: z.number().int().nullable(),
  /** Index in the filter's targets; null for the default filter's single target. */
  index: z.number().int().nullable(),
  /** The queue this step uses (inherited from the previous target when omitted). */
  queue_sid: z.string(),
  queue_name: z.string(),
  /** Workers the queue's target_workers selects (regardless of activity). */
  eligible_workers: z.number().int(),
  /** Of those, how many are in an available activity right now. */
  available_workers: z.number().int(),
  /** The task priority while in this step. */
  priority: z.number().int(),
  /** Step timeout in seconds; null = no timeout. */
  timeout: z.number().int().nullable(),
  /** The target expression text, or null when the target has none. */
  expression: z.string().nullable(),
  order_by: z.string().nullable(),
  skip_if: z.string().nullable(),
  /** skip_if's value now (only evaluated when nobody would be reserved); null = not evaluated. */
  skip_if_value: z.boolean().nullable(),
  known_worker: z.string().nullable(),
  /** Workers that would be reserved now, in reservation order (max_reserved_workers at most). */
  reserved: z.array(ExplainedWorkerSchema),
  /** The top workers not chosen (at most 20), each with why not. */
  not_chosen: z.array(ExplainedWorkerSchema),
  next: NextStepSchema,
})
export type ExplainedTarget = z.infer<typeof ExplainedTargetSchema>

export const RouteExplanationSchema = z.object({
  /** False when the configuration cannot be evaluated (see `problems`). */
  ok: z.boolean(),
  /** Error-severity problems that stopped the dry run (empty when ok). */
  problems: z.array(WorkflowProblemSchema),
  /** Filters in order, up to and including the one that took the task (rest 'not_evaluated'). */
  filters: z.array(ExplainedFilterSchema),
  /** Index of the filter that took the task; null = default filter or nowhere. */
  matched_filter: z.number().int().nullable(),
  /** True when the task goes to the default filter. */
  default_filter: z.boolean(),
  /** The path the task takes through the steps, in order (filter targets, or the default). */
  targets: z.array(ExplainedTargetSchema),
  /** The task channel used for capacity checks (unique name). */
  task_channel: z.string(),
  /** The task priority when it enters the workflow. */
  priority: z.number().int(),
  /** The pane's headline, e.g. "Filter 'Spanish' matched; queue 'Spanish' reserves Ana now." */
  summary: z.string(),
})
export type RouteExplanation = z.infer<typeof RouteExplanationSchema>

// ---------------------------------------------------------------------------------------------
// Simulated route ("Step through time")

/** Longest horizon a simulated route may cover: one day. */
export const SIMULATE_ROUTE_HORIZON_MAX = 86_400
/** Horizon when none is given: one hour (the run also stops once the task leaves the workflow). */
export const SIMULATE_ROUTE_HORIZON_DEFAULT = 3_600

/** One thing that happened to the simulated task, in time order. */
export const SimulatedRouteEventSchema = z.object({
  /** Seconds since the task was created. */
  at_seconds: z.number(),
  /** The engine's event type: workflow.target-matched, task-queue.entered, reservation.created, reservation.timeout, task-queue.timeout, workflow.timeout, task.canceled... */
  event_type: z.string(),
  /** In words, with queue and worker names. */
  description: z.string(),
  /** The step the task is in at this moment: filter index, null for the default filter; absent before the first step. */
  filter_index: z.number().int().nullable().optional(),
  /** Index of the target in its filter (0 for the default filter). */
  target_index: z.number().int().optional(),
  /** The live queue of the step. */
  queue_sid: z.string().optional(),
  queue_name: z.string().optional(),
  /** The live worker of a reservation event. */
  worker_sid: z.string().optional(),
  worker_name: z.string().optional(),
})
export type SimulatedRouteEvent = z.infer<typeof SimulatedRouteEventSchema>

export const SimulatedRouteSchema = z.object({
  /** False when the configuration cannot be evaluated (see `problems`); the timeline is then empty. */
  ok: z.boolean(),
  problems: z.array(WorkflowProblemSchema),
  task_channel: z.string(),
  priority: z.number().int(),
  /** Seconds a reservation waits for an answer before it times out (nobody answers in a simulation). */
  reservation_timeout_seconds: z.number().int(),
  horizon_seconds: z.number().int(),
  /**
   * Where the task ended: 'canceled' (it left the workflow: workflow.timeout, workflow.skipped,
   * TTL) or 'waiting' (still in a queue when the horizon came).
   */
  outcome: z.enum(['canceled', 'waiting']),
  /** Seconds simulated: when the task left the workflow, else the horizon. */
  ended_at_seconds: z.number(),
  timeline: z.array(SimulatedRouteEventSchema),
  /** True when the timeline was cut at its size limit. */
  truncated: z.boolean(),
  /** The pane's headline, e.g. "Offered to Ana and Bea; after 90s the workflow timed out and the task was canceled." */
  summary: z.string(),
})
export type SimulatedRoute = z.infer<typeof SimulatedRouteSchema>

// ---------------------------------------------------------------------------------------------
// Saved samples

export const WorkflowSampleSchema = z.object({
  sid: z.string(),
  workflow_sid: z.string(),
  name: z.string(),
  /** Task attributes as JSON text. */
  attributes: z.string(),
  date_created: isoDate,
  date_updated: isoDate,
})
export type WorkflowSample = z.infer<typeof WorkflowSampleSchema>

const published = z.object({
  workflow: WorkflowSchema,
  version: WorkflowVersionSchema,
  /** Warning-severity problems found by the checks (publishing went ahead). */
  warnings: z.array(WorkflowProblemSchema),
})

export const workflowBuilderMethods = {
  /** The draft of a workflow; a workflow with no draft answers its published configuration. */
  'workflowDrafts.get': {
    input: z.strictObject({ ...inWorkspace, workflow_sid: workflowSid }),
    output: WorkflowDraftSchema,
  },
  /** Stores the draft text as is. 20001 (param if_revision) when `if_revision` is not the current revision. */
  'workflowDrafts.save': {
    input: z.strictObject({
      ...inWorkspace,
      workflow_sid: workflowSid,
      configuration: workflowConfigurationText,
      /** The draft revision the editor started from (0 = "I saw no draft"). */
      if_revision: z.number().int().min(0).optional(),
    }),
    output: WorkflowDraftSchema,
  },
  /** Drops the draft; answers the (now draft-less) published state. */
  'workflowDrafts.discard': {
    input: z.strictObject({ ...inWorkspace, workflow_sid: workflowSid }),
    output: WorkflowDraftSchema,
  },

  /** Versions newest first. */
  'workflowVersions.list': {
    input: z.strictObject({ ...inWorkspace, workflow_sid: workflowSid }),
    output: z.array(WorkflowVersionSchema),
  },
  'workflowVersions.get': {
    input: z.strictObject({ ...inWorkspace, workflow_sid: workflowSid, version: workflowVersionNumber }),
    output: WorkflowVersionSchema,
  },
  /**
   * Publishes the draft (or `configuration` when given): refuses with 20001 listing the
   * error-severity problems (details.problems), else applies it like `workflows.update`
   * (re_evaluate_tasks as given), records a version, and removes the draft.
   */
  'workflowVersions.publish': {
    input: z.strictObject({
      ...inWorkspace,
      workflow_sid: workflowSid,
      message: versionMessage,
      /** Publish this text instead of the stored draft. */
      configuration: workflowConfigurationText.optional(),
      re_evaluate_tasks: z.boolean().optional(),
    }),
    output: published,
  },
  /** Re-publishes version `version`'s configuration as a new version (message defaults to "Rollback to version N"). */
  'workflowVersions.rollback': {
    input: z.strictObject({
      ...inWorkspace,
      workflow_sid: workflowSid,
      version: workflowVersionNumber,
      message: versionMessage.optional(),
      re_evaluate_tasks: z.boolean().optional(),
    }),
    output: published,
  },

  /** Checks a configuration text against this workspace's queues, workers and recent tasks. */
  'workflows.check': {
    input: z.strictObject({
      ...inWorkspace,
      configuration: z.string().max(WORKFLOW_CONFIGURATION_MAX, { message: `must be at most ${WORKFLOW_CONFIGURATION_MAX} bytes` }),
      /** The workflow being edited: its recent tasks are the samples for the data checks (else the workspace's). */
      workflow_sid: workflowSid.optional(),
    }),
    output: WorkflowCheckResultSchema,
  },
  /** Dry-runs task attributes through a configuration against the current workers. */
  'workflows.explainRoute': {
    input: z.strictObject({
      ...inWorkspace,
      configuration: z.string().max(WORKFLOW_CONFIGURATION_MAX, { message: `must be at most ${WORKFLOW_CONFIGURATION_MAX} bytes` }),
      /** Task attributes as JSON text. */
      attributes: attributesJson,
      /** Task channel unique name or SID; default 'default'. */
      task_channel: taskChannelRef.optional(),
      /** Task priority on entry; default 0. */
      priority: taskPriority.optional(),
    }),
    output: RouteExplanationSchema,
  },

  /**
   * Steps a task through the configuration on a private virtual clock, against a copy of the
   * workspace's current workers, with nobody answering: every reservation times out, every
   * target timeout fires. The live workspace is not touched (no task, no event, no timer).
   */
  'workflows.simulateRoute': {
    input: z.strictObject({
      ...inWorkspace,
      configuration: z.string().max(WORKFLOW_CONFIGURATION_MAX, { message: `must be at most ${WORKFLOW_CONFIGURATION_MAX} bytes` }),
      /** Task attributes as JSON text. */
      attributes: attributesJson,
      /** Task channel unique name or SID; default 'default'. */
      task_channel: taskChannelRef.optional(),
      /** Task priority on entry; default 0. */
      priority: taskPriority.optional(),
      /** Seconds to simulate at most; default 3600. The run stops earlier once the task leaves the workflow. */
      horizon_seconds: z.number().int().min(1, { message: 'must be at least 1 second' }).max(SIMULATE_ROUTE_HORIZON_MAX, { message: `must be at most ${SIMULATE_ROUTE_HORIZON_MAX} seconds` }).optional(),
      /** The workflow being edited: its task_reservation_timeout applies (else `task_reservation_timeout`, else 120). */
      workflow_sid: workflowSid.optional(),
      task_reservation_timeout: taskReservationTimeout.optional(),
    }),
    output: SimulatedRouteSchema,
  },

  /** Saved sample attributes of a workflow, oldest first. */
  'workflowSamples.list': {
    input: z.strictObject({ ...inWorkspace, workflow_sid: workflowSid }),
    output: z.array(WorkflowSampleSchema),
  },
  /** Creates a sample, or replaces the one with the same name. */
  'workflowSamples.save': {
    input: z.strictObject({ ...inWorkspace, workflow_sid: workflowSid, name: friendlyName, attributes: attributesJson }),
    output: WorkflowSampleSchema,
  },
  'workflowSamples.delete': {
    input: z.strictObject({ ...inWorkspace, workflow_sid: workflowSid, sid: documentSid }),
    output: z.object({ deleted: z.literal(true) }),
  },
} as const
