import type { PathSegment, RefOperand } from './ast'
import { pathText } from './ast'
import type { ChannelProperty, ExpressionKind, WorkerField } from './context'
import { CHANNEL_PROPERTIES, WORKER_FIELDS } from './context'
import type { Diagnostic } from './diagnostics'
import { diagnosticAt } from './diagnostics'

/** What a reference means in its expression kind. Paths exclude the `task.`/`worker.` prefix. */
export type Binding =
  | { readonly scope: 'worker'; readonly path: readonly PathSegment[]; readonly field?: WorkerField }
  | { readonly scope: 'task'; readonly path: readonly PathSegment[] }
  | { readonly scope: 'channel'; readonly channel: string; readonly property: ChannelProperty }
  | { readonly scope: 'time'; readonly variable: TimeVariable }
  | { readonly scope: 'count'; readonly count: 'available' | 'unavailable' | 'activity'; readonly activitySid?: string }

export type TimeVariable = 'currentTime' | 'currentHour' | 'currentMin' | 'dayOfWeek'
const TIME_VARIABLES: readonly TimeVariable[] = ['currentTime', 'currentHour', 'currentMin', 'dayOfWeek']

export interface BoundReference {
  readonly ref: RefOperand
  readonly text: string
  readonly binding: Binding
}

const ACTIVITY_SID = /^WA[0-9A-Za-z]+$/

/** Resolves a reference for `kind`, or explains why it is not allowed there. */
export function bindReference(text: string, ref: RefOperand, kind: ExpressionKind): Binding | Diagnostic {
  const path = ref.path
  const head = path[0]
  const name = pathText(path)
  const error = (code: Diagnostic['code'], message: string, hint?: string): Diagnostic => diagnosticAt(text, ref.span, code, message, hint)

  if (head === 'taskrouter') {
    const v = path[1]
    if (path.length === 2 && typeof v === 'string' && (TIME_VARIABLES as readonly string[]).includes(v)) return { scope: 'time', variable: v as TimeVariable }
    if (v === 'timezone') return error('UNKNOWN_VARIABLE', `'${name}' does not exist: TaskRouter has no timezone variable`, 'taskrouter.* times are UTC; convert your hours to UTC')
    return error('UNKNOWN_VARIABLE', `unknown variable '${name}'`, 'known: taskrouter.currentTime, taskrouter.currentHour, taskrouter.currentMin, taskrouter.dayOfWeek')
  }
  const rest = path.slice(1)
  switch (kind) {
    case 'skip_if': {
      const v = path[1]
      if (head === 'workers' && path.length === 2 && typeof v === 'string') {
        if (v === 'available' || v === 'unavailable') return { scope: 'count', count: v }
        if (ACTIVITY_SID.test(v)) return { scope: 'count', count: 'activity', activitySid: v }
      }
      return error(head === 'workers' ? 'UNKNOWN_VARIABLE' : 'KEY_NOT_AVAILABLE', `'${name}' is not available in skip_if`, 'skip_if can use workers.available, workers.unavailable, workers.<ActivitySid>, taskrouter.* and constants')
    }
    case 'worker':
      if (head === 'task') return error('KEY_NOT_AVAILABLE', `'${name}': task attributes are not available in a worker expression`, 'a TaskQueue target_workers expression sees only the worker; put task conditions in a workflow filter or target expression')
      return head === 'worker' && rest.length > 0 ? workerBinding(rest, error) : attributeOrField(path)
    case 'task':
      if (head === 'worker') return error('KEY_NOT_AVAILABLE', `'${name}': worker attributes are not available in a task expression`, 'a workflow filter sees only the task; put worker conditions in the target expression or the queue')
      return { scope: 'task', path: head === 'task' && rest.length > 0 ? rest : path }
    case 'target':
      if (head === 'worker' && rest.length > 0) return workerBinding(rest, error)
      if (head === 'task' && rest.length > 0) return { scope: 'task', path: rest }
      if (head === 'worker' || head === 'task') return error('UNPREFIXED_KEY', `'${name}' needs an attribute name after it`, `e.g. ${head}.language`)
      return error('UNPREFIXED_KEY', `'${name}' has no prefix: target expressions compare the task with each worker`, `write task.${name} for the task's attribute or worker.${name} for the worker's`)
  }
}

/** After an explicit `worker.` prefix: `channel.<name>.<property>` is the channel variable. */
function workerBinding(path: readonly PathSegment[], error: (code: Diagnostic['code'], message: string, hint?: string) => Diagnostic): Binding | Diagnostic {
  const [head, channel, property] = path
  if (head === 'channel' && path.length === 3 && typeof channel === 'string' && typeof property === 'string') {
    if ((CHANNEL_PROPERTIES as readonly string[]).includes(property)) return { scope: 'channel', channel, property: property as ChannelProperty }
    return error('UNKNOWN_VARIABLE', `unknown channel property '${property}'`, `expected one of ${CHANNEL_PROPERTIES.join(', ')}`)
  }
  return attributeOrField(path)
}

/** Bare keys: `channel.x.y` without `worker.` stays an attribute path (no shadowing of attributes). */
function attributeOrField(path: readonly PathSegment[]): Binding {
  const [head] = path
  if (path.length === 1 && typeof head === 'string' && (WORKER_FIELDS as readonly string[]).includes(head)) return { scope: 'worker', path, field: head as WorkerField }
  return { scope: 'worker', path }
}
