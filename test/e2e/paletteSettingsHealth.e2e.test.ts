import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HAS_CHROMIUM, createWorkspace, startHarness } from './support/harness'
import type { Harness } from './support/harness'

interface Sid {
  sid: string
}
interface WorkspaceRow extends Sid {
  timeout_activity_sid: string | null
}

/** Command palette, Settings and Health against the real server. */
describe.skipIf(!HAS_CHROMIUM)('Palette, Settings and Health (real server, real Chromium)', () => {
  let harness: Harness
  let ws: string

  beforeAll(async () => {
    harness = await startHarness()
    ws = await createWorkspace(harness, 'Ops e2e')
    for (const name of ['Alice Martin', 'Bob Stone']) await harness.rpc('workers.create', { workspace_sid: ws, friendly_name: name })
  })
  afterAll(async () => harness?.close())

  it('Ctrl+K finds a worker by name and opens its drawer, keyboard only', async () => {
    const { page, problems } = await harness.signedInPage()
    await page.goto(`${harness.origin}/#/workspaces/${ws}/overview`)
    await page.getByTestId('health-badge').waitFor()
    await page.keyboard.press('Control+k')
    await page.getByTestId('palette-input').waitFor()
    await page.keyboard.type('alice')
    await page.getByTestId('palette-option').filter({ hasText: 'Alice Martin' }).waitFor()
    await harness.shot(page, 'palette-light')
    await page.keyboard.press('Enter')
    await page.getByTestId('worker-drawer').getByText('Alice Martin').first().waitFor()
    expect(page.url()).toContain('/workers')
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('Settings: saves the callback URL, shows a refused value next to its field, and shows this Routedesk', async () => {
    const { page, problems } = await harness.signedInPage({ theme: 'dark' })
    await page.goto(`${harness.origin}/#/workspaces/${ws}/settings`)
    await page.getByTestId('settings-version').waitFor()
    await page.getByTestId('settings-callback-url').fill('not a url')
    await page.getByTestId('settings-save').click()
    await page.getByTestId('settings-event_callback_url-error').waitFor()
    await page.getByTestId('settings-callback-url').fill('https://hooks.example.com/events')
    await page.getByTestId('settings-save').click()
    await expect.poll(async () => (await harness.rpc<{ event_callback_url: string }>('workspaces.get', { sid: ws })).event_callback_url).toBe('https://hooks.example.com/events')
    await harness.shot(page, 'settings-dark')
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('Health: a worker sent to the timeout activity appears live and "Make available" fixes it; an unstaffed queue is listed', async () => {
    const { page, problems } = await harness.signedInPage()
    await page.goto(`${harness.origin}/#/workspaces/${ws}/health`)
    await page.getByTestId('health').waitFor()
    // A dedicated timeout activity (the template shares "Offline" with the default, where only
    // a real reservation timeout counts).
    const timedOut = await harness.rpc<Sid>('activities.create', { workspace_sid: ws, friendly_name: 'Timed out', available: false })
    const workspace = await harness.rpc<WorkspaceRow>('workspaces.update', { sid: ws, timeout_activity_sid: timedOut.sid })
    const workers = await harness.rpc<Array<Sid & { friendly_name: string }>>('workers.list', { workspace_sid: ws })
    const bob = workers.find((worker) => worker.friendly_name === 'Bob Stone')!
    await harness.rpc('workers.update', { workspace_sid: ws, sid: bob.sid, activity_sid: workspace.timeout_activity_sid })
    const nobody = await harness.rpc<Sid>('queues.create', { workspace_sid: ws, friendly_name: 'Nobody home', target_workers: 'skills HAS "klingon"' })
    await harness.rpc('tasks.create', { workspace_sid: ws, task_queue_sid: nobody.sid, attributes: '{"type":"rare"}' })

    const row = page.getByTestId('health-problem').filter({ hasText: 'Bob Stone' })
    await row.waitFor()
    await page.getByTestId('health-queues').getByText('Nobody home').waitFor()
    await expect.poll(async () => page.getByTestId('health-count').textContent()).toBe('2')
    await harness.shot(page, 'health-light')
    await row.getByTestId('health-make-available').click()
    await expect.poll(async () => row.count()).toBe(0)
    await expect.poll(async () => page.getByTestId('health-count').textContent()).toBe('1')
    expect(problems).toEqual([])
    await page.context().close()
  })
})
