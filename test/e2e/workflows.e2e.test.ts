import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { HAS_CHROMIUM, createWorkspace, startHarness } from './support/harness'
import type { Harness } from './support/harness'

/**
 * The workflow builder against the real server: draw an existing workflow, add a filter on the
 * canvas, see the check refuse it, fix it inline, publish, find the version in history, compare
 * it with the previous one, and "Try it" with task attributes.
 */
describe.skipIf(!HAS_CHROMIUM)('Workflow builder (real server, real Chromium)', () => {
  let harness: Harness
  let ws: string
  let workflowSid: string

  beforeAll(async () => {
    harness = await startHarness()
    ws = await createWorkspace(harness, 'Workflows e2e')
    const activities = await harness.rpc<Array<{ sid: string; friendly_name: string }>>('activities.list', { workspace_sid: ws })
    const available = activities.find((a) => a.friendly_name === 'Available')!
    for (const [name, attributes] of [
      ['Ana', { languages: ['es', 'en'] }],
      ['Bruno', { languages: ['en'] }],
    ] as const) {
      await harness.rpc('workers.create', { workspace_sid: ws, friendly_name: name, attributes: JSON.stringify(attributes), activity_sid: available.sid })
    }
    const spanish = await harness.rpc<{ sid: string }>('queues.create', { workspace_sid: ws, friendly_name: 'Spanish', target_workers: 'languages HAS "es"' })
    const [everyone] = await harness.rpc<Array<{ sid: string }>>('queues.list', { workspace_sid: ws, friendly_name: 'Sample Queue' })
    const configuration = {
      task_routing: {
        filters: [{ filter_friendly_name: 'Spanish speakers', expression: 'language == "es"', targets: [{ queue: spanish.sid, timeout: 30 }, { queue: everyone!.sid }] }],
        default_filter: { queue: everyone!.sid },
      },
    }
    const workflow = await harness.rpc<{ sid: string }>('workflows.create', { workspace_sid: ws, friendly_name: 'Support routing', configuration: JSON.stringify(configuration) })
    workflowSid = workflow.sid
  })
  afterAll(async () => harness?.close())

  async function typeInEditor(page: Page, testId: string, text: string): Promise<void> {
    await page.getByTestId(testId).locator('.cm-content').click()
    await page.keyboard.press('Control+a')
    await page.keyboard.type(text)
  }

  it('adds a filter on the canvas, fixes the error it raises, publishes, finds the version, tries a task', async () => {
    const { page, problems } = await harness.signedInPage()
    await page.goto(`${harness.origin}/#/workspaces/${ws}/workflows`)
    await page.getByTestId('workflow-row').filter({ hasText: 'Support routing' }).getByTestId('workflow-open').click()

    // The existing workflow is drawn: entry, its filter, a two-target chain, default, queues.
    await page.getByTestId('wf-node-filter').first().waitFor()
    await expect(page.getByTestId('wf-node-target').count()).resolves.toBe(2)
    await expect(page.getByTestId('wf-node-default').count()).resolves.toBe(1)
    await page.locator('.vue-flow__edge-text').filter({ hasText: 'after 30s' }).first().waitFor()
    await page.getByTestId('wf-queue-counts').filter({ hasText: '1 eligible' }).waitFor()
    await harness.shot(page, 'workflows-canvas-light')

    // A new filter has no expression yet: the check reports an error and Publish is blocked.
    await page.getByTestId('wf-add-filter').click()
    await expect(page.getByTestId('wf-node-filter').count()).resolves.toBe(2)
    await page.getByTestId('wf-tab-problems').click()
    const error = page.getByTestId('wf-problem-error').first()
    await error.waitFor()
    await expect(page.getByTestId('wf-publish').isDisabled()).resolves.toBe(true)
    await harness.shot(page, 'workflows-problem-light')

    // Clicking the problem selects the filter; fixing the expression inline clears the error.
    await error.click()
    await page.getByTestId('wf-filter-name-input').locator('input').fill('VIP')
    await typeInEditor(page, 'wf-filter-expression', 'vip == true')
    await page.getByTestId('wf-filter-name').filter({ hasText: 'VIP' }).waitFor()
    await page.waitForFunction(() => !document.querySelector('[data-testid="wf-problem-error"]'))
    await page.getByTestId('wf-save-state').getByText(/Draft saved/).waitFor()
    await expect(page.getByTestId('wf-publish').isDisabled()).resolves.toBe(false)

    // Publish with a message; the new version heads the history.
    await page.getByTestId('wf-publish').click()
    await page.getByTestId('wf-publish-message').locator('textarea').fill('VIP tasks get their own filter')
    await page.getByTestId('wf-publish-confirm').click()
    await page.getByTestId('wf-save-state').getByText('Up to date with the live version').waitFor()
    await page.getByTestId('wf-tab-history').click()
    const newest = page.getByTestId('wf-version').first()
    await newest.getByTestId('wf-version-message').getByText('VIP tasks get their own filter').waitFor()
    const live = await harness.rpc<{ configuration: string }>('workflows.get', { workspace_sid: ws, sid: workflowSid })
    expect(JSON.parse(live.configuration).task_routing.filters[1]).toMatchObject({ filter_friendly_name: 'VIP', expression: 'vip == true' })

    // Comparing with the previous version highlights the added filter on the canvas.
    await page.getByTestId('wf-compare').click()
    await page.getByTestId('wf-comparing').waitFor()
    await page.locator('.wf-node--added').first().waitFor()
    await harness.shot(page, 'workflows-compare-light')
    await page.getByTestId('wf-comparing').getByRole('button', { name: 'Back to editing' }).click()

    // Try it: a Spanish-speaking task takes the first filter; the canvas highlights the path.
    await page.getByTestId('wf-tab-try').click()
    await typeInEditor(page, 'wf-try-attributes', '{"language": "es"}')
    await page.getByTestId('wf-try-run').click()
    const summary = page.getByTestId('wf-try-summary')
    await summary.waitFor()
    await expect(summary.textContent()).resolves.toMatch(/Spanish speakers/)
    await page.locator('.wf-node--matched').filter({ hasText: 'Spanish speakers' }).waitFor()
    await expect(page.getByTestId('wf-try-step').first().textContent()).resolves.toContain('Ana')
    await harness.shot(page, 'workflows-try-light')
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('steps a task through time on a virtual clock, then opens the Simulate area on the draft', async () => {
    const { page, problems } = await harness.signedInPage()
    await page.goto(`${harness.origin}/#/workspaces/${ws}/workflows?workflow=${workflowSid}`)
    await page.getByTestId('wf-tab-try').click()
    await typeInEditor(page, 'wf-try-attributes', '{"language": "es"}')
    await page.getByTestId('wf-sim-run').click()
    const summary = page.getByTestId('wf-sim-summary')
    await summary.waitFor()
    // Nobody answers: Ana is offered in Spanish, the 30s timeout moves the task on to the next target.
    await expect(summary.textContent()).resolves.toMatch(/Queues: Spanish → Sample Queue\. Offered to Ana/)
    const moments = page.getByTestId('wf-sim-moment')
    await expect(moments.nth(1).textContent()).resolves.toMatch(/30s.*leaves queue 'Spanish'/)
    await expect(page.getByTestId('wf-sim-now').textContent()).resolves.toBe('at 0s')
    await page.getByTestId('wf-sim-next').click()
    await expect(page.getByTestId('wf-sim-now').textContent()).resolves.toBe('at 30s')
    await expect(page.getByTestId('wf-sim-position').textContent()).resolves.toContain('Filter 1, target 2')
    // The canvas follows: target 2 is now the step drawn strongest.
    await page.locator('.wf-node--matched[data-testid="wf-node-target"]').filter({ hasText: /target 2/i }).waitFor()
    await page.waitForTimeout(300) // the nodes fade in 0.15s
    await harness.shot(page, 'workflows-step-through-time-light')
    await moments.nth(1).scrollIntoViewIfNeeded()
    await harness.shot(page, 'workflows-step-through-time-list-light')
    // Nothing live was created by the simulation.
    await expect(harness.rpc<unknown[]>('tasks.list', { workspace_sid: ws })).resolves.toEqual([])

    await page.getByTestId('wf-simulate').click()
    await page.waitForURL(/\/simulate\?/)
    expect(page.url()).toContain(`/workspaces/${ws}/simulate?workflow=${workflowSid}&draft=1`)
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('draws the workflow readably in the dark theme, with the shortcuts help', async () => {
    const { page, problems } = await harness.signedInPage({ theme: 'dark' })
    await page.goto(`${harness.origin}/#/workspaces/${ws}/workflows?workflow=${workflowSid}`)
    await page.getByTestId('wf-node-filter').first().waitFor()
    await page.getByTestId('wf-node-filter').first().click()
    await page.getByTestId('wf-filter-expression').waitFor()
    await harness.shot(page, 'workflows-canvas-dark')
    await page.getByTestId('wf-help').click()
    await page.getByTestId('wf-shortcuts').waitFor()
    await harness.shot(page, 'workflows-shortcuts-dark')
    expect(problems).toEqual([])
    await page.context().close()
  })
})
