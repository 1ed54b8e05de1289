import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromium } from 'playwright-core'
import { CHROMIUM, HAS_CHROMIUM, SHOTS_DIR, createWorkspace, startHarness } from './support/harness'
import type { Harness } from './support/harness'

const SERVE_JS = process.env.RD_SERVE_JS ?? resolve(import.meta.dirname, '../../out/main/serve.js')

/** The Simulate area against the real server, and demo mode as a smoke test. */
describe.skipIf(!HAS_CHROMIUM)('Simulate (real server, real Chromium)', () => {
  let harness: Harness
  let ws: string

  beforeAll(async () => {
    harness = await startHarness()
    ws = await createWorkspace(harness, 'Simulate e2e')
  })
  afterAll(async () => harness?.close())

  it('runs the example scenario with progress, saves it, and compares two runs side by side', async () => {
    const { page, problems } = await harness.signedInPage()
    await page.goto(`${harness.origin}/#/workspaces/${ws}/simulate`)
    await page.getByTestId('simulate-view').waitFor()
    // The example loads into the editor by itself.
    await page.getByTestId('sim-scenario-editor').getByText('Weekday, 3 queues').waitFor()
    await page.getByTestId('sim-run').click()
    await page.getByTestId('sim-status').getByText(/^done/).waitFor({ timeout: 60_000 })
    await page.getByTestId('sim-results').waitFor()
    await expect(page.getByTestId('sim-queue-table-0').locator('tbody tr').count()).resolves.toBe(3)
    const serviceLevel = await page.getByTestId('sim-kpi-service_level-0').textContent()
    expect(serviceLevel).toMatch(/^\s*\d+\.\d%\s*$/)

    // A second run against this workspace's workers and workflow (the FIFO template's).
    await page.getByTestId('sim-source-workspace').click()
    await page.getByTestId('sim-run').click()
    await expect.poll(() => page.getByTestId('sim-run-row').count(), { timeout: 60_000 }).toBe(2)
    await page.getByTestId('sim-status').getByText(/^(done|failed)/).waitFor({ timeout: 60_000 })
    // Compare: open the first saved run (oldest, at the bottom) beside the newest.
    await page.getByTestId('sim-run-row').nth(1).getByTestId('sim-open').click()
    await page.getByTestId('sim-run-row').nth(0).getByTestId('sim-compare').click()
    await page.getByTestId('sim-kpi-service_level-1').waitFor()
    await page.getByTestId('sim-hourly-chart').locator('canvas').first().waitFor()

    // The staffing calculator: 300 calls/h of 180 s at 80/20 needs 19 agents (Erlang C).
    await page.getByTestId('erlang-compute').click()
    await expect(page.getByTestId('erlang-agents-needed').textContent()).resolves.toBe('19')
    await harness.shot(page, 'simulate-calculator')
    await page.getByTestId('sim-results').scrollIntoViewIfNeeded()
    await harness.shot(page, 'simulate-compare')
    expect(problems).toEqual([])
    await page.context().close()
  }, 180_000)

  it('keeps the event log when asked: a virtual, filterable list on simulated time, saved with the run', async () => {
    const { page, problems } = await harness.signedInPage()
    await page.goto(`${harness.origin}/#/workspaces/${ws}/simulate`)
    await page.getByTestId('sim-scenario-editor').getByText('Weekday, 3 queues').waitFor()
    await page.getByTestId('sim-include-events').click()
    await page.getByTestId('sim-run').click()
    await page.getByTestId('sim-status').getByText(/^done/).waitFor({ timeout: 60_000 })
    // The finished run is saved and opened with its log (the first 5,000 events of a busy day).
    await page.getByTestId('sim-log-row').first().waitFor()
    expect(await page.getByTestId('sim-log-row').first().textContent()).toMatch(/t\+00:00:\d\d/)
    await expect(page.getByTestId('sim-log-capped').textContent()).resolves.toMatch(/the first 5,000 are kept/)
    expect(await page.getByTestId('sim-log-row').count()).toBeLessThan(60)

    await page.getByTestId('sim-log-filter').fill('reservation.accepted')
    await expect.poll(async () => (await page.getByTestId('sim-log-row').allTextContents()).every((row) => row.includes('reservation.accepted'))).toBe(true)
    // Scrolling deep into the list renders the rows there (and still only a window of them).
    const firstBefore = await page.getByTestId('sim-log-row').first().textContent()
    await page.getByRole('log', { name: 'Simulation event log' }).evaluate((element) => (element.scrollTop = 26 * 400))
    await expect.poll(() => page.getByTestId('sim-log-row').first().textContent()).not.toBe(firstBefore)
    expect(await page.getByTestId('sim-log-row').count()).toBeLessThan(60)
    await page.getByTestId('sim-event-log-card').scrollIntoViewIfNeeded()
    await harness.shot(page, 'simulate-event-log')

    // Reopened later from the saved runs, the log is still there.
    await page.reload()
    await page.getByTestId('sim-run-row').first().getByTestId('sim-open').click()
    await page.getByTestId('sim-log-row').first().waitFor()
    expect(problems).toEqual([])
    await page.context().close()
  }, 180_000)
})

describe.skipIf(!HAS_CHROMIUM)('demo mode (serve --demo)', () => {
  it('loads the Demo workspace and keeps live traffic flowing', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rd-e2e-demo-'))
    const token = randomBytes(18).toString('base64url')
    const child = spawn(process.execPath, [SERVE_JS, '--port', '0', '--data', dataDir, '--demo', '--demo-speed', '30'], { env: { ...process.env, ROUTEDESK_UI_TOKEN: token }, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] })
    try {
      await expect.poll(() => /Routedesk listening on (http:\/\/\S+?)\/\?token=/.exec(output)?.[1], { timeout: 60_000 }).toBeTruthy()
      const origin = /Routedesk listening on (http:\/\/\S+?)\/\?token=/.exec(output)![1]!
      const workspaceSid = /Demo: workspace (WS[0-9a-f]{32})/.exec(output)![1]!
      expect(output).toMatch(/created, 200 agents/)
      const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage()
      const problems: string[] = []
      page.on('pageerror', (error) => problems.push(error.message))
      await page.goto(`${origin}/?token=${encodeURIComponent(token)}`)
      const rpc = async <T>(method: string, input: unknown): Promise<T> => {
        const body = (await (await page.request.post(`${origin}/rpc/${method}`, { data: input })).json()) as { ok: boolean; data: T }
        if (!body.ok) throw new Error(`${method}: ${JSON.stringify(body)}`)
        return body.data
      }
      expect(await rpc<unknown[]>('queues.list', { workspace_sid: workspaceSid })).toHaveLength(12)
      // Traffic at 30x: tasks arrive and agents pick them up within seconds.
      await expect.poll(async () => (await rpc<unknown[]>('tasks.list', { workspace_sid: workspaceSid, assignment_status: ['assigned', 'wrapping', 'completed'] })).length, { timeout: 30_000 }).toBeGreaterThan(5)
      // Both pages open under live traffic without a page error; the pauses only let the
      // charts and the list settle for the screenshots.
      for (const [area, settleMs] of [['wallboard', 3000], ['tasks', 1500]] as const) {
        await page.goto(`${origin}/#/workspaces/${workspaceSid}/${area}`)
        await page.locator('main h1').first().waitFor()
        if (SHOTS_DIR) {
          await page.waitForTimeout(settleMs)
          await page.screenshot({ path: join(SHOTS_DIR, `demo-${area}.png`) })
        }
      }
      expect(problems).toEqual([])
    } finally {
      await browser.close()
      const exited = new Promise((done) => child.once('exit', done))
      child.kill('SIGTERM')
      await exited
      rmSync(dataDir, { recursive: true, force: true })
    }
  }, 120_000)
})
