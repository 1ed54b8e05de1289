import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { HAS_CHROMIUM, createWorkspace, startHarness } from './support/harness'
import type { Harness } from './support/harness'

/** The REST API's credentials, handed to the spawned server through its environment. */
const ACCOUNT_SID = 'AC' + 'e'.repeat(32)
const AUTH_TOKEN = 'wallboard-e2e-auth-token'
const basic = 'Basic ' + Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')

/** Non-transparent pixels of a canvas (the board really painted, not just mounted). */
function paintedPixels(page: Page, testid: string): Promise<number> {
  return page.getByTestId(testid).evaluate((element) => {
    const canvas = element as HTMLCanvasElement
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data
    let painted = 0
    for (let index = 3; index < data.length; index += 4) if (data[index]! > 0) painted += 1
    return painted
  })
}

/** Wallboard against the real server: paints, follows REST changes within a second, read-only share links. */
describe.skipIf(!HAS_CHROMIUM)('Wallboard (real server, real Chromium)', () => {
  let harness: Harness
  let ws: string
  let activity: (name: string) => string
  let workers: { sid: string }[]

  beforeAll(async () => {
    process.env.ROUTEDESK_ACCOUNT_SID = ACCOUNT_SID
    process.env.ROUTEDESK_AUTH_TOKEN = AUTH_TOKEN
    harness = await startHarness()
    ws = await createWorkspace(harness, 'Wallboard e2e')
    const activities = await harness.rpc<{ sid: string; friendly_name: string }[]>('activities.list', { workspace_sid: ws })
    activity = (name) => activities.find((entry) => entry.friendly_name === name)!.sid
    workers = []
    const states = ['Available', 'Offline', 'Unavailable', 'Offline']
    for (let index = 0; index < 120; index++) {
      workers.push(await harness.rpc('workers.create', { workspace_sid: ws, friendly_name: `Agent ${index + 1}`, activity_sid: activity(states[index % states.length]!) }))
    }
    for (let index = 0; index < 45; index++) await harness.rpc('tasks.create', { workspace_sid: ws, attributes: '{}', priority: index % 3 })
  })
  afterAll(async () => {
    await harness?.close()
    delete process.env.ROUTEDESK_ACCOUNT_SID
    delete process.env.ROUTEDESK_AUTH_TOKEN
  })

  it('paints the board and follows a worker availability change made through REST within a second', async () => {
    const { page, problems } = await harness.signedInPage({ theme: 'dark' })
    await page.goto(`${harness.origin}/#/workspaces/${ws}/wallboard`)
    const grid = page.getByTestId('wallboard-agent-grid')
    await grid.waitFor()
    await expect.poll(() => paintedPixels(page, 'wallboard-agent-grid')).toBeGreaterThan(1000)
    await expect.poll(() => page.getByTestId('wallboard-panel-series').locator('canvas').count()).toBeGreaterThan(0)
    await expect(page.getByTestId('wallboard-queue-table').textContent()).resolves.toContain('Sample Queue')

    const tile = page.getByTestId('wallboard-tile-available_workers')
    await expect.poll(() => tile.getAttribute('data-value')).not.toBe('')
    const before = Number(await tile.getAttribute('data-value'))
    const offline = workers[1]!
    const started = Date.now()
    const response = await fetch(`${harness.origin}/v1/Workspaces/${ws}/Workers/${offline.sid}`, {
      method: 'POST',
      headers: { Authorization: basic, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ActivitySid: activity('Available') }).toString(),
    })
    expect(response.status).toBe(200)
    await page.waitForFunction((expected) => document.querySelector('[data-testid="wallboard-tile-available_workers"]')?.getAttribute('data-value') === String(expected), before + 1, { timeout: 3000, polling: 'raf' })
    const latency = Date.now() - started
    console.log(`[wallboard e2e] available agents followed the REST change in ${latency} ms`)
    expect(latency).toBeLessThan(1000)

    await page.waitForTimeout(500)
    await harness.shot(page, 'wallboard-dark')
    await page.getByTestId('wallboard-tv-button').click()
    await page.getByTestId('wallboard-tv').waitFor()
    await page.waitForTimeout(800)
    await harness.shot(page, 'wallboard-tv')
    await page.keyboard.press('Escape')
    await page.getByTestId('wallboard-tv').waitFor({ state: 'detached' })
    expect(problems).toEqual([])
  })

  it('saves a layout with a queue threshold and shows the crossing on the board', async () => {
    const [queue] = await harness.rpc<{ sid: string }[]>('queues.list', { workspace_sid: ws, friendly_name: 'Sample Queue' })
    await harness.rpc('wallboardLayouts.create', {
      workspace_sid: ws,
      name: 'Floor',
      tiles: ['waiting_tasks', 'available_workers', 'longest_wait'],
      thresholds: [{ metric: 'waiting_tasks', queue_sid: queue!.sid, warning: 5, critical: 10 }],
    })
    const { page, problems } = await harness.signedInPage()
    await page.goto(`${harness.origin}/#/workspaces/${ws}/wallboard`)
    await page.getByTestId('wallboard-agent-grid').waitFor()
    await page.getByTestId('wallboard-alerts').getByText(/RED.*Sample Queue · Tasks waiting/).waitFor()
    await expect(page.getByTestId('wallboard-queue-table').locator('.wb-cell-critical').count()).resolves.toBeGreaterThan(0)
    await harness.shot(page, 'wallboard-light')
    expect(problems).toEqual([])
  })

  it('opens a read-only share link that refuses writes and wrong tokens', async () => {
    const created = await harness.rpc<{ token: string; path: string }>('shareLinks.create', { workspace_sid: ws, name: 'Lobby TV' })
    // Off by default: the link opens nothing yet.
    expect((await fetch(`${harness.origin}${created.path}`)).status).toBe(401)
    await harness.rpc('wallboardSettings.update', { workspace_sid: ws, sharing_enabled: true })

    const context = await harness.browser.newContext({ viewport: { width: 1920, height: 1080 } })
    const page = await context.newPage()
    const problems: string[] = []
    page.on('pageerror', (error) => problems.push(error.message))
    await page.goto(`${harness.origin}${created.path}`)
    await page.getByTestId('wallboard-tv').waitFor()
    await expect.poll(() => paintedPixels(page, 'wallboard-agent-grid')).toBeGreaterThan(1000)
    await page.waitForTimeout(800)
    await harness.shot(page, 'wallboard-share-tv')

    const attempts = await page.evaluate(async (prefix) => {
      const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }).then((response) => response.status)
      return {
        shareWrite: await post(`${prefix}/rpc/workers.create`, { friendly_name: 'Intruder' }),
        shareOtherRead: await post(`${prefix}/rpc/tasks.list`, {}),
        appRpc: await post('/rpc/workers.create', { friendly_name: 'Intruder' }),
        wrongToken: await post(`/share/${'0'.repeat(64)}/rpc/stats.snapshot`, {}),
        wrongTokenPage: await fetch(`/share/${'0'.repeat(64)}/`).then((response) => response.status),
      }
    }, created.path.replace(/\/$/, ''))
    expect(attempts).toEqual({ shareWrite: 403, shareOtherRead: 403, appRpc: 401, wrongToken: 401, wrongTokenPage: 401 })
    expect((await harness.rpc<unknown[]>('workers.list', { workspace_sid: ws, friendly_name: 'Intruder' })).length).toBe(0)
    expect(problems).toEqual([])
    await context.close()
  })
})
