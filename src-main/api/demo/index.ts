import { realClock, type Clock, type Scheduler } from '../../engine/clock'
import type { Dispatch } from '../dispatch'
import type { EventBus } from '../eventBus'
import { DemoCenterSchema, loadDemoCenter, type LoadedDemo } from './demoCenter'
import { startDemoTraffic, type DemoTraffic } from './demoTraffic'

export { DemoCenterSchema, loadDemoCenter } from './demoCenter'
export { startDemoTraffic } from './demoTraffic'

/**
 * Demo mode (`npm run serve -- --demo`, the desktop's Demo menu item): loads the demo contact
 * center (the parsed JSON of resources/demo/contact-center.json) into its workspace (created
 * once, reused after) and feeds it live traffic.
 */
export async function startDemo(options: { dispatch: Dispatch; bus: EventBus; center: unknown; clock?: Clock & Scheduler; speed?: number; seed?: number }): Promise<{ demo: LoadedDemo; traffic: DemoTraffic }> {
  const parsed = DemoCenterSchema.safeParse(options.center)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new Error(`The demo center is invalid: ${issue.path.map(String).join('.')} ${issue.message}`)
  }
  const demo = await loadDemoCenter(options.dispatch, parsed.data)
  const traffic = startDemoTraffic({
    dispatch: options.dispatch,
    bus: options.bus,
    center: parsed.data,
    demo,
    clock: options.clock ?? realClock,
    ...(options.speed === undefined ? {} : { speed: options.speed }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  })
  return { demo, traffic }
}
