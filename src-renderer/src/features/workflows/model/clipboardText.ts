import { z } from 'zod'
import type { ClipboardItem } from './workflowEdits'
import { TARGET_KEYS, toConfigurationJson } from './workflowModel'
import type { FilterModel, TargetFields } from './workflowModel'

/**
 * What copy puts on the system clipboard and paste reads back: a filter or a target as
 * TaskRouter JSON, exactly as it sits inside `task_routing.filters`. So a filter copied here can
 * be pasted into another workflow, another window, or a text editor and back.
 */

const integerLike = z.union([z.number(), z.string()], { error: 'must be a number' })
const targetSchema = z.strictObject({
  queue: z.string().optional(),
  expression: z.string().optional(),
  priority: integerLike.optional(),
  timeout: integerLike.optional(),
  order_by: z.string().optional(),
  skip_if: z.string().optional(),
  known_worker_sid: z.string().optional(),
  known_worker_friendly_name: z.string().optional(),
})
const filterSchema = z.strictObject({
  filter_friendly_name: z.string().optional(),
  friendly_name: z.string().optional(),
  expression: z.string(),
  targets: z.array(targetSchema).min(1, { error: 'needs at least one target' }),
})

export type ClipboardParse = { ok: true; item: ClipboardItem } | { ok: false; message: string }

/** The JSON text of a clipboard item (2-space indent, keys in TaskRouter's order). */
export function clipboardText(item: ClipboardItem): string {
  if (item.kind === 'target') return JSON.stringify(targetFields(item.target), null, 2)
  const filter: FilterModel = { id: '', ...item.filter, targets: item.filter.targets.map((fields) => ({ id: '', fields })) }
  return JSON.stringify(toConfigurationJson({ filters: [filter], defaultFilter: null }).task_routing.filters![0], null, 2)
}

function firstIssue(error: z.ZodError, what: string): string {
  const issue = error.issues[0]!
  const where = issue.path.map((segment) => (typeof segment === 'number' ? `[${segment}]` : `.${String(segment)}`)).join('').replace(/^\./, '')
  return `this ${what} is not valid: ${where ? `${where} ` : ''}${issue.message}`
}

/**
 * Reads clipboard text as a filter (an object with `targets`) or a target.
 *
 * @example
 * parseClipboardText('{"queue": "WQ…", "timeout": 30}')   // { ok: true, item: { kind: 'target', … } }
 * parseClipboardText('hello')                               // { ok: false, message: 'the clipboard holds no JSON …' }
 */
export function parseClipboardText(text: string): ClipboardParse {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return { ok: false, message: 'the clipboard holds no JSON filter or target (copy one from a workflow, or paste TaskRouter JSON like {"queue": "WQ…"})' }
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { ok: false, message: 'the clipboard JSON is not a filter or a target object' }
  if ('targets' in json || 'filter_friendly_name' in json || 'friendly_name' in json) {
    const parsed = filterSchema.safeParse(json)
    if (!parsed.success) return { ok: false, message: firstIssue(parsed.error, 'filter') }
    const { filter_friendly_name, friendly_name, expression, targets } = parsed.data
    const nameKey = filter_friendly_name !== undefined ? 'filter_friendly_name' : friendly_name !== undefined ? 'friendly_name' : null
    return { ok: true, item: { kind: 'filter', filter: { name: filter_friendly_name ?? friendly_name ?? '', nameKey, expression, targets: targets.map(targetFields) } } }
  }
  const parsed = targetSchema.safeParse(json)
  if (!parsed.success) return { ok: false, message: firstIssue(parsed.error, 'target') }
  if (Object.keys(parsed.data).length === 0) return { ok: false, message: 'the clipboard JSON is an empty object, not a filter or a target' }
  return { ok: true, item: { kind: 'target', target: targetFields(parsed.data) } }
}

/** Drops keys zod left undefined, so the fields compare and print like parsed ones. */
function targetFields(target: z.infer<typeof targetSchema> | TargetFields): TargetFields {
  const fields: Record<string, unknown> = {}
  for (const key of TARGET_KEYS) if (target[key] !== undefined) fields[key] = target[key]
  return fields as TargetFields
}
