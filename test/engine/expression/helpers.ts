import { compileExpression, parseExpression } from '../../../src-main/engine/expression'
import type { ChannelProperty, Expr, CompiledExpression, EvalInput, EvalRecord, ExpressionKind, WorkerCounts } from '../../../src-main/engine/expression'

/** REFERENCE §4.4 worker W and task T. */
export const W_ATTRIBUTES = { skills: ['support', 'sales'], languages: ['english'], tech_support_skill: 6, agent_id: 'a1', contact_uri: 'client:alice', routing: { levels: { payments: 3 } } }
export const T_ATTRIBUTES = { type: 'ticket', customer_value: 'Gold', selected_language: 'es', preferred_agents: ['a1', 'a4'], requested_agent: 'a1', object: { array: ['a', 'b', 'c'], attr: 'bar' } }

/** Monday 2026-01-05 10:30 UTC. */
export const MONDAY_1030 = Date.UTC(2026, 0, 5, 10, 30)

export type Channels = Record<string, Partial<Record<ChannelProperty, number | boolean>>>

export function workerRecord(attributes: Record<string, unknown>, fields: Partial<Omit<EvalRecord, 'attributes' | 'channel'>> = {}, channels?: Channels): EvalRecord {
  const record: EvalRecord = { attributes, ...fields }
  if (channels === undefined) return record
  return { ...record, channel: (name, property) => channels[name]?.[property] }
}

export function counts(available: number, unavailable: number, byActivity: Record<string, number> = {}): WorkerCounts {
  return { available, unavailable, byActivity: (sid) => byActivity[sid] }
}

/** Compiles or fails the test with the diagnostics. */
export function compiled(text: string, kind: ExpressionKind): CompiledExpression {
  const r = compileExpression(text, kind)
  if (!r.ok) throw new Error(`${text}: ${JSON.stringify(r.diagnostics)}`)
  return r.expression
}

export function evaluate(text: string, kind: ExpressionKind, input: Partial<EvalInput>): boolean {
  return compiled(text, kind).evaluate({ now: MONDAY_1030, ...input })
}

export function parse(text: string): Expr {
  const r = parseExpression(text)
  if (!r.ok) throw new Error(`${text}: ${JSON.stringify(r.diagnostics)}`)
  return r.ast
}

/** The tree without positions, for structural comparison. */
export function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape)
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'span' && k !== 'opSpan').map(([k, v]) => [k, shape(v)]))
  }
  return value
}
