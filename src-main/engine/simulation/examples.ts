import type { ScenarioInput } from '../../contract/simulation'

/** A morning-peak day profile (multipliers per hour of day, 0 = midnight). */
export const OFFICE_DAY_PROFILE = [0.1, 0.1, 0.1, 0.1, 0.1, 0.2, 0.4, 0.7, 1.0, 1.3, 1.4, 1.3, 1.1, 1.2, 1.3, 1.2, 1.0, 0.8, 0.6, 0.4, 0.3, 0.2, 0.1, 0.1]

/**
 * The scenario the Simulate area opens with: three queues on voice and chat, a shared pool of
 * generalists plus specialists, callers who hang up, wrap-up time, an office-day profile.
 * Small enough to run in about a second, rich enough to show every chart.
 */
export const exampleScenario: ScenarioInput = {
  name: 'Weekday, 3 queues',
  seed: 7,
  hours: 8,
  start_hour: 8,
  sla_seconds: 20,
  target_service_level: 0.8,
  accept_delay_seconds: 3,
  queues: [
    { name: 'Sales', skill: 'sales' },
    { name: 'Support', skill: 'support' },
    { name: 'Billing', skill: 'billing' },
  ],
  agents: [
    { name: 'Sales agent', count: 6, skills: ['sales'], capacity: { voice: 1 } },
    { name: 'Support agent', count: 10, skills: ['support'], capacity: { voice: 1, chat: 2 } },
    { name: 'Generalist', count: 4, skills: ['sales', 'support', 'billing'], capacity: { voice: 1, chat: 2 }, shift: { start_hour: 10, end_hour: 14 } },
    { name: 'Billing agent', count: 4, skills: ['billing'], capacity: { voice: 1 } },
  ],
  arrivals: [
    { queue: 'Sales', channel: 'voice', per_hour: 50, profile: OFFICE_DAY_PROFILE, handle_time: { distribution: 'lognormal', mean_seconds: 240, sd_seconds: 150 }, patience_seconds: 120, wrap_up_seconds: 20 },
    { queue: 'Support', channel: 'voice', per_hour: 80, profile: OFFICE_DAY_PROFILE, handle_time: { distribution: 'exponential', mean_seconds: 300 }, patience_seconds: 180, wrap_up_seconds: 30 },
    { queue: 'Support', channel: 'chat', per_hour: 40, profile: OFFICE_DAY_PROFILE, handle_time: { distribution: 'lognormal', mean_seconds: 480, sd_seconds: 300 } },
    { queue: 'Billing', channel: 'voice', per_hour: 30, handle_time: { distribution: 'exponential', mean_seconds: 360 }, patience_seconds: 240, wrap_up_seconds: 30 },
  ],
}
