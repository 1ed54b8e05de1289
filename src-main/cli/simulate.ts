import { writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { erlangC, erlangCServiceLevel } from '../engine/simulation/erlang'
import { simulateSingleQueue } from '../engine/simulation/singleQueue'

/**
 * `npm run simulate -- --agents N --arrivals-per-hour R --aht SECONDS --sla SECONDS --hours H
 * --seed S [--json FILE]`: one queue of identical agents through the real engine on a fake
 * clock, printed next to Erlang C, and written as JSON for scripts.
 */
class UsageError extends Error {}

function positive(name: string, text: string | undefined, fallback?: number): number {
  if (text === undefined) {
    if (fallback !== undefined) return fallback
    throw new UsageError(`--${name} is required`)
  }
  const value = Number(text)
  if (!Number.isFinite(value) || value <= 0) throw new UsageError(`--${name} must be a positive number, not '${text}'`)
  return value
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      agents: { type: 'string' },
      'arrivals-per-hour': { type: 'string' },
      aht: { type: 'string' },
      sla: { type: 'string' },
      hours: { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'string' },
      scenario: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  })
  if (values.help) {
    console.log('Usage: npm run simulate -- --agents N --arrivals-per-hour R --aht SECONDS [--sla 20] [--hours 8] [--seed 1] [--json FILE]')
    return
  }
  if (values.scenario !== undefined) throw new UsageError('--scenario files are not supported yet: simulate one queue with --agents, --arrivals-per-hour and --aht')
  const options = {
    agents: Math.round(positive('agents', values.agents)),
    arrivalsPerHour: positive('arrivals-per-hour', values['arrivals-per-hour']),
    ahtSeconds: positive('aht', values.aht),
    slaSeconds: positive('sla', values.sla, 20),
    hours: positive('hours', values.hours, 8),
    seed: Math.round(positive('seed', values.seed, 1)),
  }
  const started = performance.now()
  const result = simulateSingleQueue(options)
  const wallSeconds = (performance.now() - started) / 1000
  const theory = erlangC(options)
  const output = { service_level: result.service_level, asa_seconds: result.asa_seconds, occupancy: result.occupancy, tasks: result.tasks }
  const pct = (value: number): string => `${(value * 100).toFixed(1)}%`
  console.log(`Simulated ${options.hours} h of ${options.agents} agents, ${options.arrivalsPerHour} tasks/h, AHT ${options.ahtSeconds} s (${result.tasks} tasks) in ${wallSeconds.toFixed(2)} s (${Math.round(result.simulated_seconds / wallSeconds)}x real time)`)
  console.log(`                 simulated   Erlang C`)
  console.log(`service level    ${pct(result.service_level).padStart(9)}   ${pct(erlangCServiceLevel(options, options.slaSeconds)).padStart(8)}   (answered within ${options.slaSeconds} s)`)
  console.log(`ASA              ${`${result.asa_seconds.toFixed(1)} s`.padStart(9)}   ${theory.stable ? `${theory.asaSeconds.toFixed(1)} s`.padStart(8) : 'unstable'}`)
  console.log(`occupancy        ${pct(result.occupancy).padStart(9)}   ${pct(theory.occupancy).padStart(8)}`)
  if (values.json) await writeFile(values.json, JSON.stringify(output, null, 2) + '\n')
}

main().catch((error: unknown) => {
  console.error(`simulate: ${error instanceof Error ? error.message : String(error)}`)
  if (!(error instanceof UsageError)) console.error(error)
  process.exit(error instanceof UsageError ? 2 : 1)
})
