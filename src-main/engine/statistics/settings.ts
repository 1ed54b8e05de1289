/** Per-queue SLA defaults (KPIS.md §1.3; a queue's record may override each). */
export const SLA_DEFAULTS = { sla_threshold_seconds: 20, short_abandon_seconds: 10, sla_reset_time: '00:00', sla_time_zone: 'UTC' } as const
