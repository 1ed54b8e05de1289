import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HAS_CHROMIUM, createWorkspace, startHarness } from './support/harness'
import type { Harness } from './support/harness'

/** Tasks area against the real server: create, live arrival, reservation override, cancel, timeline. */
describe.skipIf(!HAS_CHROMIUM)('Tasks area (real server, real Chromium)', () => {
  let harness: Harness
  let ws: string
  let queueSid: string

  beforeAll(async () => {
    harness = await startHarness()
    ws = await createWorkspace(harness, 'Tasks e2e')
    const activities = await harness.rpc<Array<{ sid: string; friendly_name: string }>>('activities.list', { workspace_sid: ws })
    const available = activities.find((a) => a.friendly_name === 'Available')!
    await harness.rpc('workers.create', { workspace_sid: ws, friendly_name: 'Alice', attributes: '{}', activity_sid: available.sid })
    const [queue] = await harness.rpc<Array<{ sid: string }>>('queues.list', { workspace_sid: ws })
    queueSid = queue!.sid
  })
  afterAll(async () => harness?.close())

  it('creates a task in a queue, sees it reserved for a worker, accepts on the worker’s behalf, and completes it', async () => {
    const { page, problems } = await harness.signedInPage()
    await page.goto(`${harness.origin}/#/workspaces/${ws}/tasks`)
    await page.getByTestId('task-empty').waitFor()

    await page.getByTestId('task-new').click()
    await page.getByTestId('task-create').getByText('A queue directly').click()
    await page.getByTestId('task-queue-select').click()
    await page.locator('.n-base-select-option').filter({ hasText: 'Sample Queue' }).click()
    await page.getByTestId('task-create-submit').click()

    // The new task opens; the engine offers it to Alice and the drawer follows live.
    const drawer = page.getByTestId('task-drawer')
    await drawer.getByTestId('task-reservation').filter({ hasText: 'Alice' }).waitFor()
    await drawer.getByTestId('reservation-accept').click()
    await drawer.getByTestId('task-reservation').getByText('accepted').waitFor()
    await drawer.getByTestId('task-complete').click()
    await drawer.getByTestId('task-status').first().getByText('completed').waitFor()
    await drawer.getByTestId('task-timeline').getByText('task.completed').waitFor()
    await harness.shot(page, 'tasks-drawer-light')
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('a task created elsewhere appears live; cancel records the reason', async () => {
    const { page, problems } = await harness.signedInPage({ theme: 'dark' })
    await page.goto(`${harness.origin}/#/workspaces/${ws}/tasks`)
    await page.getByTestId('task-list').waitFor()
    const created = await harness.rpc<{ sid: string }>('tasks.create', { workspace_sid: ws, task_queue_sid: queueSid, attributes: '{"customer":"C-42"}' })
    const row = page.locator(`[data-testid="task-row"][data-sid="${created.sid}"]`)
    await row.waitFor()
    await row.getByTestId('task-open').click()
    const drawer = page.getByTestId('task-drawer')
    await drawer.getByTestId('task-reason').fill('Customer hung up')
    await drawer.getByTestId('task-cancel').click()
    await drawer.locator('dd').getByText('Customer hung up').waitFor()
    await expect(drawer.getByTestId('task-status').first().textContent()).resolves.toBe('canceled')
    await harness.shot(page, 'tasks-canceled-dark')
    expect(problems).toEqual([])
    await page.context().close()
  })
})
