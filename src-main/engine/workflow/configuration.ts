import { z } from 'zod'
import { EXPRESSION_MAX } from '../../contract/inputs'
import { InvalidParameterError } from '../errors'

/**
 * The workflow configuration document (REFERENCE §5.1), validated structurally: shape, types,
 * ranges, and that every queue exists. Expressions are kept as text here; the expression
 * issue compiles them. Unknown keys are refused with the list of allowed ones: a misspelt
 * `timout` would otherwise be silently ignored, the kind of silent failure admins fight.
 */
export const PRIORITY_MAX = 2_147_483_647
export const TARGET_TIMEOUT_MAX = 1_209_600

/** TaskRouter docs show numbers and numeric strings (`"priority": "10"`); accept both. */
const integerLike = (min: number, max: number, what: string): z.ZodType<number> =>
  z
    .union([z.number(), z.string().regex(/^\s*-?\d+\s*$/, { message: `${what} must be an integer` }).transform(Number)])
    .pipe(z.number().int({ message: `${what} must be an integer` }).min(min, { message: `${what} must be between ${min} and ${max}` }).max(max, { message: `${what} must be between ${min} and ${max}` }))

const expression = z.string().trim().min(1, { message: 'must not be empty' }).max(EXPRESSION_MAX, { message: `must be at most ${EXPRESSION_MAX} characters` })
const queueSid = z.string().regex(/^WQ[0-9a-fA-F]{32}$/, { message: 'must be a TaskQueue SID (WQ + 32 hex)' })

const target = z.strictObject({
  queue: queueSid.optional(),
  priority: integerLike(0, PRIORITY_MAX, 'priority').optional(),
  timeout: integerLike(1, TARGET_TIMEOUT_MAX, 'timeout').optional(),
  expression: expression.optional(),
  order_by: expression.optional(),
  skip_if: expression.optional(),
  known_worker_sid: expression.optional(),
  known_worker_friendly_name: expression.optional(),
})

const filter = z.strictObject({
  filter_friendly_name: z.string().max(256).optional(),
  /** Legacy key read by twilio-java. */
  friendly_name: z.string().max(256).optional(),
  expression,
  targets: z.array(target).min(1, { message: 'a filter needs at least one target' }).max(100),
})

const defaultFilter = z.strictObject({
  queue: queueSid,
  priority: integerLike(0, PRIORITY_MAX, 'priority').optional(),
  expression: expression.optional(),
  order_by: expression.optional(),
})

const configurationSchema = z.strictObject({
  task_routing: z.strictObject({
    filters: z.array(filter).max(1000).optional(),
    default_filter: defaultFilter.optional(),
  }),
})

export type WorkflowTarget = z.output<typeof target>
export type WorkflowFilter = z.output<typeof filter>
export type WorkflowConfiguration = z.output<typeof configurationSchema>

/** Why a configuration is refused; `code` matches the contract's problem codes. */
export type ConfigurationIssueCode = 'invalid_json' | 'invalid_schema' | 'no_routing' | 'missing_first_queue' | 'conflicting_known_worker' | 'unknown_queue'

export interface ConfigurationIssue {
  code: ConfigurationIssueCode
  /** The message after "Invalid workflow configuration: ", naming the JSON path at fault. */
  message: string
  /** JSON path like `task_routing.filters[0].targets[1].queue` ('' for the whole document). */
  path: string
  /** The same path as numbers and keys, for callers that locate the node. */
  segments: readonly PropertyKey[]
}

export type ConfigurationCheck =
  | { ok: true; configuration: WorkflowConfiguration; issues: [] }
  | { ok: false; configuration: WorkflowConfiguration | undefined; issues: ConfigurationIssue[] }

/**
 * Structural validation that reports every issue instead of the first: the builder shows them
 * all at once. `configuration` is set when the shape is valid even if a semantic rule failed
 * (an unknown queue), so later checks can still look at it.
 */
export function checkWorkflowConfiguration(text: string, queueExists: (sid: string) => boolean): ConfigurationCheck {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    return { ok: false, configuration: undefined, issues: [{ code: 'invalid_json', message: `configuration is not valid JSON: ${(error as Error).message}`, path: '', segments: [] }] }
  }
  const parsed = configurationSchema.safeParse(json)
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue): ConfigurationIssue => {
      const path = formatPath(issue.path)
      const message = issue.code === 'unrecognized_keys'
        ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `'${key}'`).join(', ')}${path ? ` in ${path}` : ''}`
        : `${path || 'configuration'} ${issue.message}`
      return { code: 'invalid_schema', message, path, segments: issue.path }
    })
    return { ok: false, configuration: undefined, issues }
  }
  const configuration = parsed.data
  const routing = configuration.task_routing
  const issues: ConfigurationIssue[] = []
  const add = (code: ConfigurationIssueCode, message: string, segments: readonly PropertyKey[]): void => {
    issues.push({ code, message, path: formatPath(segments), segments })
  }
  if (!routing.filters?.length && !routing.default_filter) {
    add('no_routing', 'task_routing needs at least one filter or a default_filter', ['task_routing'])
  }
  routing.filters?.forEach((rule, filterIndex) => {
    rule.targets.forEach((step, targetIndex) => {
      const at = ['task_routing', 'filters', filterIndex, 'targets', targetIndex]
      const path = formatPath(at)
      if (targetIndex === 0 && !step.queue) add('missing_first_queue', `${path}.queue is required on the first target of a filter`, [...at, 'queue'])
      if (step.known_worker_sid && step.known_worker_friendly_name) add('conflicting_known_worker', `${path} sets both known_worker_sid and known_worker_friendly_name; use one`, at)
      if (step.queue && !queueExists(step.queue)) add('unknown_queue', `${path}.queue ${step.queue} is not a task queue of this workspace`, [...at, 'queue'])
    })
  })
  if (routing.default_filter && !queueExists(routing.default_filter.queue)) {
    add('unknown_queue', `task_routing.default_filter.queue ${routing.default_filter.queue} is not a task queue of this workspace`, ['task_routing', 'default_filter', 'queue'])
  }
  return issues.length === 0 ? { ok: true, configuration, issues: [] } : { ok: false, configuration, issues }
}

/**
 * Parses and validates a configuration string. Throws InvalidParameterError (param
 * `configuration`) whose message names the JSON path at fault, e.g.
 * `task_routing.filters[0].targets[1].timeout must be between 1 and 1209600`.
 */
export function parseWorkflowConfiguration(text: string, queueExists: (sid: string) => boolean): WorkflowConfiguration {
  const checked = checkWorkflowConfiguration(text, queueExists)
  if (checked.ok) return checked.configuration
  const first = checked.issues[0]!
  if (first.code === 'invalid_json') throw new InvalidParameterError(first.message, 'configuration')
  const details = first.code === 'invalid_schema' ? { path: first.path, issues: checked.issues.length } : { path: first.path }
  throw new InvalidParameterError(`Invalid workflow configuration: ${first.message}`, 'configuration', details)
}

/** Every queue SID a configuration routes to (to refuse deleting a queue still in use). */
export function queuesOf(configuration: WorkflowConfiguration): Set<string> {
  const sids = new Set<string>()
  for (const rule of configuration.task_routing.filters ?? []) for (const step of rule.targets) if (step.queue) sids.add(step.queue)
  if (configuration.task_routing.default_filter) sids.add(configuration.task_routing.default_filter.queue)
  return sids
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `${out ? '.' : ''}${String(part)}`
  return out
}
