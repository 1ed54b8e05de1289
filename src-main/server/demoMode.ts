import { access, readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startDemo } from '../api/demo'
import type { Dispatch } from '../api/dispatch'
import type { EventBus } from '../api/eventBus'

/**
 * `npm run serve -- --demo [--demo-speed N]`: finds resources/demo/contact-center.json (next to
 * the build, or in the working folder for builds placed elsewhere), loads the Demo workspace
 * and starts its live traffic. Returns the stop function.
 */
export async function startDemoMode(options: { dispatch: Dispatch; bus: EventBus; speed?: string }): Promise<{ stop(): void; workspaceSid: string; summary: string }> {
  const speed = options.speed === undefined ? 1 : Number(options.speed)
  if (!Number.isFinite(speed) || speed <= 0 || speed > 3600) throw new DemoModeError(`--demo-speed must be a number between 0 and 3600, not '${options.speed}'`)
  const candidates = [fileURLToPath(new URL('../../resources/demo/contact-center.json', import.meta.url)), resolve(process.cwd(), 'resources/demo/contact-center.json')]
  let file: string | undefined
  for (const candidate of candidates) {
    if (await access(candidate).then(() => true, () => false)) {
      file = candidate
      break
    }
  }
  if (!file) throw new DemoModeError(`the demo contact center was not found (looked in ${candidates.join(' and ')})`)
  const center: unknown = JSON.parse(await readFile(file, 'utf8'))
  const { demo, traffic } = await startDemo({ dispatch: options.dispatch, bus: options.bus, center, speed })
  const summary = `Demo: workspace ${demo.workspaceSid} (${demo.reused ? 'reused' : 'created'}, ${demo.workerSids.length} agents), live traffic${speed === 1 ? '' : ` at ${speed}x`}`
  return { stop: () => traffic.stop(), workspaceSid: demo.workspaceSid, summary }
}

export class DemoModeError extends Error {}
