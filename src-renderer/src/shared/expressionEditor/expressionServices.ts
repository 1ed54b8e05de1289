import type { ExpressionDiagnostic, ExpressionKindName, ExpressionLintWarning } from '@contract'
import { call } from '@renderer/app/api'
import { EMPTY_INDEX, buildAttributeIndex } from './attributeIndex'
import type { AttributeIndex } from './attributeIndex'

/**
 * The main-process services the expression editor leans on: the parser (`expressions.compile`),
 * the linter against real workers (`expressions.lint`) and the attribute documents autocomplete
 * learns from. Plain functions over the API client, no store: the editor stays reusable in
 * any feature (queues, workers filter, workflow builder).
 */

export interface ExpressionCheck {
  /** False when the expression does not parse or compile. */
  ok: boolean
  diagnostics: ExpressionDiagnostic[]
  warnings: ExpressionLintWarning[]
  /** For worker/target expressions with a workspace: how many current workers match. */
  matchingWorkers: number | null
  /** The canonical text (blank when it does not parse). */
  canonical: string
}

const LINTABLE = new Set<ExpressionKindName>(['worker', 'task', 'target'])

/**
 * Compiles `expression` and, when it compiles and a workspace is known, lints it against the
 * workspace's real workers. A blank expression is reported as ok with nothing to say (the
 * field's own "required" rule, if any, belongs to the form).
 */
export async function checkExpression(kind: ExpressionKindName, expression: string, workspaceSid: string | null): Promise<ExpressionCheck> {
  if (expression.trim() === '') return { ok: true, diagnostics: [], warnings: [], matchingWorkers: null, canonical: '' }
  const compiled = await call('expressions.compile', { kind, expression })
  if (!compiled.ok || !workspaceSid || !LINTABLE.has(kind)) {
    return { ok: compiled.ok, diagnostics: compiled.diagnostics, warnings: [], matchingWorkers: null, canonical: compiled.canonical }
  }
  const linted = await call('expressions.lint', { kind: kind as 'worker' | 'task' | 'target', expression, workspace_sid: workspaceSid })
  return { ok: linted.ok, diagnostics: linted.diagnostics, warnings: linted.warnings, matchingWorkers: linted.matching_workers, canonical: compiled.canonical }
}

const indexes = new Map<string, Promise<AttributeIndex>>()

/**
 * The attribute index of a workspace's workers or tasks, fetched once per session and
 * shared by every editor (a failed fetch is forgotten so the next editor retries).
 */
export function attributeIndexFor(workspaceSid: string, scope: 'worker' | 'task'): Promise<AttributeIndex> {
  const cacheKey = `${workspaceSid}:${scope}`
  let pending = indexes.get(cacheKey)
  if (!pending) {
    pending = (async () => {
      const documents =
        scope === 'worker'
          ? (await call('workers.list', { workspace_sid: workspaceSid })).map((worker) => worker.attributes)
          : (await call('tasks.list', { workspace_sid: workspaceSid })).map((task) => task.attributes)
      return buildAttributeIndex(documents)
    })().catch(() => {
      indexes.delete(cacheKey)
      return EMPTY_INDEX
    })
    indexes.set(cacheKey, pending)
  }
  return pending
}

/** Drops cached indexes (tests, or after a bulk import). */
export function forgetAttributeIndexes(): void {
  indexes.clear()
}
