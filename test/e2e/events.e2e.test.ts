import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HAS_CHROMIUM, createWorkspace, startHarness } from './support/harness'
import type { Harness } from './support/harness'

/** Events area against the real server: live tail, filter, payload drawer, export. */
describe.skipIf(!HAS_CHROMIUM)('Events area (real server, real Chromium)', () => {
  let harness: Harness
  let ws: string

  beforeAll(async () => {
    harness = await startHarness()
    ws = await createWorkspace(harness, 'Events e2e')
  })
  afterAll(async () => harness?.close())

  it('tails events live, filters by resource, shows the payload and exports CSV', async () => {
    const { page, problems } = await harness.signedInPage()
    await page.goto(`${harness.origin}/#/workspaces/${ws}/events`)
    await page.getByTestId('event-list').waitFor()
    await page.getByTestId('event-count').waitFor()

    // Live: a worker created elsewhere shows up at the top without a reload.
    const worker = await harness.rpc<{ sid: string }>('workers.create', { workspace_sid: ws, friendly_name: 'Live Lou' })
    const row = page.locator('[data-testid="event-row"][data-type="worker.created"]').first()
    await row.waitFor()

    // Filter by resource: only that worker's events remain.
    await page.getByTestId('event-resource-filter').fill(worker.sid)
    await page.getByTestId('event-resource-filter').press('Enter')
    await page.getByTestId('event-count').getByText(/^1 event$/).waitFor()

    await row.getByTestId('event-open').click()
    const drawer = page.getByTestId('event-drawer')
    await drawer.getByText('Full payload').waitFor()
    await expect(drawer.getByTestId('event-payload').textContent()).resolves.toContain(worker.sid)
    await harness.shot(page, 'events-drawer-light')
    await page.keyboard.press('Escape')

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('event-export-csv').click()])
    const csv = readFileSync((await download.path())!, 'utf8')
    expect(csv.split('\r\n')[0]).toBe('sid,event_date,event_type,description,resource_type,resource_sid,actor_type,actor_sid,source,event_data')
    expect(csv).toContain('worker.created')
    const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('event-export-json').click()])
    const exported = JSON.parse(readFileSync((await jsonDownload.path())!, 'utf8')) as Array<{ event_type: string; resource_sid: string; event_data: Record<string, unknown> }>
    expect(exported.length).toBeGreaterThan(0)
    expect(exported.every((event) => event.resource_sid === worker.sid)).toBe(true)
    expect(exported.map((event) => event.event_type)).toContain('worker.created')

    // Type and time range filters: the resource filter cleared, only task.created in the last hour.
    await harness.rpc('tasks.create', { workspace_sid: ws, attributes: '{"filter":"type"}' })
    await page.getByTestId('event-resource-filter').fill('')
    await page.getByTestId('event-resource-filter').press('Enter')
    await page.getByTestId('event-type-filter').click()
    await page.locator('.n-base-select-option').filter({ hasText: /^task\.created$/ }).click()
    await page.keyboard.press('Escape')
    await page.getByTestId('event-minutes').click()
    await page.locator('.n-base-select-option').filter({ hasText: 'Last hour' }).click()
    await expect.poll(async () => page.locator('[data-testid="event-row"]').evaluateAll((rows) => [...new Set(rows.map((row) => row.getAttribute('data-type')))])).toEqual(['task.created'])
    await harness.shot(page, 'events-filtered-light')
    expect(problems).toEqual([])
    await page.context().close()
  })
})
