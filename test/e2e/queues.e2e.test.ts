import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HAS_CHROMIUM, createWorkspace, startHarness } from './support/harness'
import type { Harness } from './support/harness'

/** Queues area against the real server: live counts, the editor's live matching, refused delete. */
describe.skipIf(!HAS_CHROMIUM)('Queues area (real server, real Chromium)', () => {
  let harness: Harness
  let ws: string

  beforeAll(async () => {
    harness = await createHarness()
  })
  afterAll(async () => harness?.close())

  async function createHarness(): Promise<Harness> {
    const h = await startHarness()
    ws = await createWorkspace(h, 'Queues e2e')
    const activities = await h.rpc<Array<{ sid: string; friendly_name: string }>>('activities.list', { workspace_sid: ws })
    const available = activities.find((a) => a.friendly_name === 'Available')!
    for (const [name, attributes] of [
      ['Alice', { languages: ['fr', 'en'], skills: ['support'] }],
      ['Bruno', { languages: ['en'], skills: ['support'] }],
      ['Chloé', { languages: ['fr'], skills: ['sales'] }],
    ] as const) {
      await h.rpc('workers.create', { workspace_sid: ws, friendly_name: name, attributes: JSON.stringify(attributes), activity_sid: available.sid })
    }
    return h
  }

  it('creates a queue while the editor shows who matches as you type; counts follow a new task live', async () => {
    const { page, problems } = await harness.signedInPage()
    await page.goto(`${harness.origin}/#/workspaces/${ws}/queues`)
    await page.getByTestId('queue-row').first().waitFor()

    await page.getByTestId('queue-new').click()
    await page.getByTestId('queue-name-input').fill('French')
    const editor = page.getByTestId('queue-target-workers').locator('.cm-content')
    await editor.click()
    await page.keyboard.press('Control+a')
    await page.keyboard.type('languages HAS "fr"')
    await page.getByTestId('queue-match-count').getByText(/^2/).waitFor()
    await expect(page.getByTestId('queue-match-list').textContent()).resolves.toContain('Alice')
    await page.keyboard.type(' AND skills HAS "support"')
    await page.getByTestId('queue-match-count').getByText(/^1/).waitFor()
    await page.getByTestId('expression-ok').waitFor()
    await harness.shot(page, 'queues-editor-light')
    await page.getByTestId('queue-save').click()
    const row = page.getByTestId('queue-row').filter({ hasText: 'French' })
    await row.waitFor()
    await row.getByTestId('queue-eligible').getByText('1').waitFor()

    // Live: a task created elsewhere shows up in the waiting count of the FIFO sample queue.
    const sample = page.getByTestId('queue-row').filter({ hasText: 'Sample Queue' })
    const before = Number(await sample.getByTestId('queue-waiting').textContent())
    const [queue] = await harness.rpc<Array<{ sid: string; friendly_name: string }>>('queues.list', { workspace_sid: ws, friendly_name: 'Sample Queue' })
    await harness.rpc('activities.list', { workspace_sid: ws })
    const offline = (await harness.rpc<Array<{ sid: string; friendly_name: string }>>('activities.list', { workspace_sid: ws })).find((a) => a.friendly_name === 'Offline')!
    for (const worker of await harness.rpc<Array<{ sid: string }>>('workers.list', { workspace_sid: ws })) {
      await harness.rpc('workers.update', { workspace_sid: ws, sid: worker.sid, activity_sid: offline.sid })
    }
    await harness.rpc('tasks.create', { workspace_sid: ws, task_queue_sid: queue!.sid, attributes: '{}' })
    await sample.getByTestId('queue-waiting').getByText(String(before + 1)).waitFor()
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('deleting a queue a workflow uses is refused, with the reason in the dialog', async () => {
    const { page, problems } = await harness.signedInPage({ theme: 'dark' })
    await page.goto(`${harness.origin}/#/workspaces/${ws}/queues`)
    await page.getByTestId('queue-row').filter({ hasText: 'Sample Queue' }).getByTestId('queue-delete').click()
    await page.getByTestId('confirm-ok').click()
    const error = page.getByTestId('confirm-error')
    await error.waitFor()
    // The server's own reason (a workflow routes to it, or tasks are still in it), verbatim.
    await expect(error.textContent()).resolves.toMatch(/Sample Queue.*(workflow|task)/)
    await harness.shot(page, 'queues-delete-refused-dark')
    await page.getByTestId('confirm-cancel').click()
    await expect(page.getByTestId('queue-row').filter({ hasText: 'Sample Queue' }).count()).resolves.toBe(1)
    expect(problems).toEqual([])
    await page.context().close()
  })
})
