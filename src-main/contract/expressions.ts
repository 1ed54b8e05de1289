import { z } from 'zod'
import { attributesJson, workspaceSid } from './inputs'
import { SidPrefix, sidSchema } from './sids'

/**
 * The expression tools the UI uses while an admin types: compile (diagnostics), explain (why a
 * worker or task did or did not match) and lint (suspicious clauses against real data).
 * Problems in the expression are results, not errors, so they can be shown inline.
 */
export const ExpressionKindSchema = z.enum(['worker', 'task', 'target', 'skip_if', 'order_by'])
export type ExpressionKindName = z.infer<typeof ExpressionKindSchema>

export const DiagnosticSchema = z.object({
  code: z.string(),
  message: z.string(),
  /** 1-based column. */
  column: z.number().int(),
  length: z.number().int(),
  token: z.string(),
  hint: z.string().optional(),
})
export type ExpressionDiagnostic = z.infer<typeof DiagnosticSchema>

export const LintWarningSchema = DiagnosticSchema.extend({ severity: z.enum(['warning', 'info']) })
export type ExpressionLintWarning = z.infer<typeof LintWarningSchema>

export interface ExplainedOperandView {
  kind: 'ref' | 'literal' | 'array'
  text: string
  column: number
  length: number
  value: unknown
  source?: 'attribute' | 'field' | 'channel' | 'time' | 'count'
  isNull: boolean
}

/** One node of an explanation: its source text, its truth value, and its children. */
export interface ExplainedNodeView {
  type: 'compare' | 'and' | 'or' | 'not'
  text: string
  column: number
  length: number
  value: boolean
  children: ExplainedNodeView[]
  op?: string
  left?: ExplainedOperandView
  right?: ExplainedOperandView
  reason?: string
}

const expressionInput = z.string().max(4096, { message: 'must be at most 4096 characters' })

export const expressionMethods = {
  'expressions.compile': {
    input: z.strictObject({ kind: ExpressionKindSchema, expression: expressionInput }),
    output: z.object({
      ok: z.boolean(),
      diagnostics: z.array(DiagnosticSchema),
      /** Every reference in source order, e.g. `skills`, `task.language`, `worker.channel.chat.assigned_tasks`. */
      references: z.array(z.string()),
      /** The canonical form of the expression (blank when it does not parse). */
      canonical: z.string(),
    }),
  },
  'expressions.explain': {
    input: z.strictObject({
      kind: z.enum(['worker', 'task', 'target']),
      expression: expressionInput,
      workspace_sid: workspaceSid.optional(),
      /** Evaluate against this worker (its attributes, fields and channels)... */
      worker_sid: sidSchema(SidPrefix.Worker).optional(),
      /** ...or against these attributes. */
      worker_attributes: attributesJson.optional(),
      task_sid: sidSchema(SidPrefix.Task).optional(),
      task_attributes: attributesJson.optional(),
    }),
    output: z.object({
      ok: z.boolean(),
      diagnostics: z.array(DiagnosticSchema),
      value: z.boolean().nullable(),
      root: z.custom<ExplainedNodeView>().nullable(),
      null_keys: z.array(z.string()),
    }),
  },
  'expressions.lint': {
    input: z.strictObject({ kind: z.enum(['worker', 'task', 'target']), expression: expressionInput, workspace_sid: workspaceSid }),
    output: z.object({
      ok: z.boolean(),
      diagnostics: z.array(DiagnosticSchema),
      warnings: z.array(LintWarningSchema),
      /** How many records the warnings were checked against (current workers or recent tasks). */
      sample_count: z.number().int(),
      /** For worker expressions: how many current workers match; null for other kinds. */
      matching_workers: z.number().int().nullable(),
    }),
  },
} as const
