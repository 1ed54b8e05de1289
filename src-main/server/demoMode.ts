import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { startDemo } from '../api/demo'
import type { Dispatch } from '../api/dispatch'
import type { EventBus } from '../api/eventBus'
import { DemoFileMissingError, locateDemoFile, type RuntimeLayout } from './demoResources'

/**
 * `npm run serve -- --demo [--demo-speed N]` and the desktop Demo menu: finds
 * resources/demo/contact-center.json (server/demoResources.ts: ROUTEDESK_DEMO_FILE, the packaged
 * app's resources, the repository root, the working folder), loads the Demo workspace and
 * starts its live traffic. Returns the stop function.
 */
export async function startDemoMode(options: { dispatch: Dispatch; bus: EventBus; speed?: string; electron?: RuntimeLayout['electron'] }): Promise<{ stop(): void; workspaceSid: string; summary: string }> {
  const speed = options.speed === undefined ? 1 : Number(options.speed)
  if (!Number.isFinite(speed) || speed <= 0 || speed > 3600) throw new DemoModeError(`--demo-speed must be a number between 0 and 3600, not '${options.speed}'`)
  const layout: RuntimeLayout = {
    mainDir: fileURLToPath(new URL('.', import.meta.url)),
    cwd: process.cwd(),
    demoFileOverride: process.env.ROUTEDESK_DEMO_FILE,
    ...(options.electron ? { electron: options.electron } : {}),
  }
  const file = await locateDemoFile(layout).catch((error: unknown) => {
    throw error instanceof DemoFileMissingError ? new DemoModeError(error.message) : error
  })
  let center: unknown
  try {
    center = JSON.parse(await readFile(file, 'utf8'))
  } catch (error) {
    throw new DemoModeError(`cannot read the demo contact center ${file}: ${(error as Error).message}`)
  }
  const { demo, traffic } = await startDemo({ dispatch: options.dispatch, bus: options.bus, center, speed })
  const summary = `Demo: workspace ${demo.workspaceSid} (${demo.reused ? 'reused' : 'created'}, ${demo.workerSids.length} agents), live traffic${speed === 1 ? '' : ` at ${speed}x`}`
  return { stop: () => traffic.stop(), workspaceSid: demo.workspaceSid, summary }
}

export class DemoModeError extends Error {}
