import { z } from 'zod'

/**
 * How a queue's SLA % is computed (KPIS.md §4: "the denominator varies ... make the formula
 * configurable and show it"). The numerator is always the tasks accepted within the queue's
 * SLA threshold, measured from entering the queue.
 * - `exclude_short_abandons` (default, Flex Real-Time Queues View): over accepted + abandoned,
 *   short abandons left out;
 * - `include_abandons`: over accepted + abandoned, every abandon counts against the SLA;
 * - `answered_only`: over accepted tasks only, abandons have no effect.
 */
export const SLA_FORMULAS = ['exclude_short_abandons', 'include_abandons', 'answered_only'] as const
export const SlaFormula = z.enum(SLA_FORMULAS)
export type SlaFormula = z.infer<typeof SlaFormula>

/** The formula as a wallboard or settings page shows it. */
export const SLA_FORMULA_TEXT: Readonly<Record<SlaFormula, string>> = {
  exclude_short_abandons: 'accepted within threshold ÷ (accepted + abandoned − short abandoned)',
  include_abandons: 'accepted within threshold ÷ (accepted + abandoned)',
  answered_only: 'accepted within threshold ÷ accepted',
}
