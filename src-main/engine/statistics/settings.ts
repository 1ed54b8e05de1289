import type { SlaFormula } from '../../contract/slaFormula'

/** Per-queue SLA defaults (KPIS.md §1.3; a queue's record may override each). */
export const SLA_DEFAULTS: {
  readonly sla_threshold_seconds: number
  readonly short_abandon_seconds: number
  readonly sla_reset_time: string
  readonly sla_time_zone: string
  readonly sla_formula: SlaFormula
} = { sla_threshold_seconds: 20, short_abandon_seconds: 10, sla_reset_time: '00:00', sla_time_zone: 'UTC', sla_formula: 'exclude_short_abandons' }
