import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { HAS_CHROMIUM, createWorkspace, startHarness } from './support/harness'
import type { Harness } from './support/harness'

/**
 * The workflow builder's versions and files against the real server, in Chromium: a version
 * diff that draws a removed filter as a ghost, a one-click rollback (checked through the API),
 * importing a TaskRouter workflow file and exporting it back, saved "Try it" samples that
 * survive a reload, and copy/paste of a filter between two workflows through the system
 * clipboard (junk refused inline).
 */
describe.skipIf(!HAS_CHROMIUM)('Workflow builder: versions, files, samples, clipboard (real server, real Chromium)', () => {
  let harness: Harness
  let ws: string
  let spanishQueue: string
  let everyoneQueue: string
  let routingSid: string
  let v1: string
  let v2: string

  const routing = (filters: unknown[]): string => JSON.stringify({ task_routing: { filters, default_filter: { queue: everyoneQueue } } })
  const spanishFilter = () => ({ filter_friendly_name: 'Spanish speakers', expression: 'language == "es"', targets: [{ queue: spanishQueue, timeout: 30 }, { queue: everyoneQueue }] })
  const vipFilter = () => ({ filter_friendly_name: 'VIP', expression: 'vip == true', targets: [{ queue: everyoneQueue, priority: 10 }] })

  beforeAll(async () => {
    harness = await startHarness()
    ws = await createWorkspace(harness, 'Workflow versions e2e')
    const [available] = await harness.rpc<Array<{ sid: string }>>('activities.list', { workspace_sid: ws, friendly_name: 'Available' })
    await harness.rpc('workers.create', { workspace_sid: ws, friendly_name: 'Ana', attributes: JSON.stringify({ languages: ['es', 'en'] }), activity_sid: available!.sid })
    spanishQueue = (await harness.rpc<{ sid: string }>('queues.create', { workspace_sid: ws, friendly_name: 'Spanish', target_workers: 'languages HAS "es"' })).sid
    everyoneQueue = (await harness.rpc<Array<{ sid: string }>>('queues.list', { workspace_sid: ws, friendly_name: 'Sample Queue' }))[0]!.sid
    // Version 1: Spanish speakers, then VIP. Version 2 drops the Spanish filter.
    v1 = routing([spanishFilter(), vipFilter()])
    v2 = routing([vipFilter()])
    routingSid = (await harness.rpc<{ sid: string }>('workflows.create', { workspace_sid: ws, friendly_name: 'Support routing', configuration: v1 })).sid
    await harness.rpc('workflowVersions.publish', { workspace_sid: ws, workflow_sid: routingSid, message: 'Spanish speakers go to everyone', configuration: v2 })
  })
  afterAll(async () => harness?.close())

  async function openBuilder(page: Page, workflowSid: string): Promise<void> {
    await page.goto(`${harness.origin}/#/workspaces/${ws}/workflows?workflow=${workflowSid}`)
    await page.getByTestId('wf-node-filter').first().waitFor()
  }
  const liveConfiguration = async (workflowSid: string): Promise<unknown> =>
    JSON.parse((await harness.rpc<{ configuration: string }>('workflows.get', { workspace_sid: ws, sid: workflowSid })).configuration)

  it('draws a filter removed in the newer version as a ghost where it stood, then rolls back to it in one click', async () => {
    const { page, problems } = await harness.signedInPage()
    await openBuilder(page, routingSid)
    await expect(page.getByTestId('wf-node-filter').count()).resolves.toBe(1)

    // History: version 2 (live) and version 1; compare 1 -> 2.
    await page.getByTestId('wf-tab-history').click()
    await expect(page.getByTestId('wf-version').count()).resolves.toBe(2)
    await page.getByTestId('wf-compare').click()
    await page.getByTestId('wf-comparing').waitFor()
    await expect(page.getByTestId('wf-removed').textContent()).resolves.toContain('Spanish speakers')
    // The removed filter and its two targets are on the canvas, faded, labelled "removed".
    const ghost = page.locator('.wf-node--removed[data-testid="wf-node-filter"]')
    await ghost.filter({ hasText: 'Spanish speakers' }).waitFor()
    await expect(ghost.locator('.wf-node__change').textContent()).resolves.toBe('removed')
    await expect(page.locator('.wf-node--removed[data-testid="wf-node-target"]').count()).resolves.toBe(2)
    // At its old place: above VIP, which stayed.
    const ghostBox = await ghost.boundingBox()
    const vipBox = await page.locator('[data-testid="wf-node-filter"]:not(.wf-node--removed)').filter({ hasText: 'VIP' }).boundingBox()
    expect(ghostBox!.y).toBeLessThan(vipBox!.y)
    expect(await page.locator('.vue-flow__edge.wf-edge--removed').count()).toBeGreaterThan(0)
    await page.waitForTimeout(300)
    await harness.shot(page, 'workflows-compare-removed-light')
    await page.getByTestId('wf-tab-changes').click()
    await page.getByTestId('wf-json-diff').locator('.diff-line--removed').filter({ hasText: 'Spanish speakers' }).waitFor()
    await harness.shot(page, 'workflows-compare-json-light')
    await page.getByTestId('wf-comparing').getByRole('button', { name: 'Back to editing' }).click()

    // One click on "Roll back to this" (version 1): the live workflow routes like version 1 again.
    await page.getByTestId('wf-rollback-1').click()
    await page.getByTestId('wf-version').first().getByText('rollback of version 1').waitFor()
    await expect(liveConfiguration(routingSid)).resolves.toEqual(JSON.parse(v1))
    await expect(page.getByTestId('wf-node-filter').count()).resolves.toBe(2)
    await page.getByTestId('wf-save-state').getByText('Up to date with the live version').waitFor()
    const versions = await harness.rpc<Array<{ version: number; source: string; rolled_back_from?: number }>>('workflowVersions.list', { workspace_sid: ws, workflow_sid: routingSid })
    expect(versions[0]).toMatchObject({ version: 3, source: 'rollback', rolled_back_from: 1 })
    await harness.shot(page, 'workflows-rollback-light')
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('shows the ghost readably in the dark theme', async () => {
    const { page, problems } = await harness.signedInPage({ theme: 'dark' })
    await openBuilder(page, routingSid)
    await page.getByTestId('wf-tab-history').click()
    // Versions are 3 (the rollback), 2 and 1: version 2's "Changes" compares 1 -> 2, where Spanish speakers went.
    await page.getByTestId('wf-version').nth(1).getByRole('button', { name: 'Changes' }).click()
    await page.locator('.wf-node--removed[data-testid="wf-node-filter"]').filter({ hasText: 'Spanish speakers' }).waitFor()
    await page.waitForTimeout(300)
    await harness.shot(page, 'workflows-compare-removed-dark')
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('imports a TaskRouter workflow file into the draft, publishes it and exports it back', async () => {
    const sid = (await harness.rpc<{ sid: string }>('workflows.create', { workspace_sid: ws, friendly_name: 'Imported routing', configuration: routing([vipFilter()]) })).sid
    const imported = {
      task_routing: {
        filters: [
          { filter_friendly_name: 'Gold customers', expression: 'tier == "gold"', targets: [{ queue: spanishQueue, priority: 20, timeout: 60 }, { queue: everyoneQueue, priority: 20 }] },
          { filter_friendly_name: 'Spanish speakers', expression: 'language == "es"', targets: [{ queue: spanishQueue }] },
        ],
        default_filter: { queue: everyoneQueue },
      },
    }
    // A Workflow resource as TaskRouter's REST API returns it (configuration as a string).
    const file = { sid: 'WW' + 'a'.repeat(32), friendly_name: 'From TaskRouter', configuration: JSON.stringify(imported), task_reservation_timeout: 120 }
    const { page, problems } = await harness.signedInPage()
    await openBuilder(page, sid)
    await page.getByTestId('wf-import-file').setInputFiles({ name: 'from-taskrouter.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) })
    await page.getByTestId('wf-filter-name').filter({ hasText: 'Gold customers' }).waitFor()
    await expect(page.getByTestId('wf-node-filter').count()).resolves.toBe(2)
    await page.getByTestId('wf-save-state').getByText(/Draft saved/).waitFor()
    await harness.shot(page, 'workflows-imported-light')

    // Export: the downloaded file is the TaskRouter configuration on screen.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export' }).click()])
    expect(download.suggestedFilename()).toBe('Imported-routing.workflow.json')
    expect(JSON.parse(readFileSync((await download.path())!, 'utf8'))).toEqual(imported)

    // Published, the import is live.
    await page.getByTestId('wf-publish').click()
    await page.getByTestId('wf-publish-message').locator('textarea').fill('Imported from TaskRouter')
    await page.getByTestId('wf-publish-confirm').click()
    await page.getByTestId('wf-save-state').getByText('Up to date with the live version').waitFor()
    await expect(liveConfiguration(sid)).resolves.toEqual(imported)
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('saves a Try it sample with the workflow, and picks it again after a reload', async () => {
    const { page, problems } = await harness.signedInPage()
    await openBuilder(page, routingSid)
    await page.getByTestId('wf-tab-try').click()
    await page.getByTestId('wf-try-attributes').locator('.cm-content').click()
    await page.keyboard.press('Control+a')
    await page.keyboard.type('{"language": "es", "tier": "gold"}')
    await page.getByPlaceholder('Sample name').fill('Gold Spanish caller')
    await page.getByTestId('wf-try-save-sample').click()
    await page.getByText('Sample “Gold Spanish caller” saved with this workflow').waitFor()
    const saved = await harness.rpc<Array<{ name: string; attributes: string }>>('workflowSamples.list', { workspace_sid: ws, workflow_sid: routingSid })
    expect(saved.map((sample) => [sample.name, JSON.parse(sample.attributes)])).toEqual([['Gold Spanish caller', { language: 'es', tier: 'gold' }]])

    await page.reload()
    await page.getByTestId('wf-node-filter').first().waitFor()
    await page.getByTestId('wf-tab-try').click()
    await page.getByTestId('wf-try-source').click()
    await page.locator('.n-base-select-option').filter({ hasText: 'Gold Spanish caller' }).click()
    await expect(page.getByTestId('wf-try-attributes').locator('.cm-content').textContent()).resolves.toContain('"tier": "gold"')
    await page.getByTestId('wf-try-run').click()
    await expect(page.getByTestId('wf-try-summary').textContent()).resolves.toMatch(/Spanish speakers/)
    await harness.shot(page, 'workflows-try-sample-light')
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('copies a filter into another workflow through the system clipboard, and refuses junk inline', async () => {
    const targetSid = (await harness.rpc<{ sid: string }>('workflows.create', { workspace_sid: ws, friendly_name: 'Paste target', configuration: routing([vipFilter()]) })).sid
    const { page, problems } = await harness.signedInPage()
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: harness.origin })
    await openBuilder(page, routingSid)
    await page.getByTestId('wf-filter-name').filter({ hasText: 'Spanish speakers' }).click()
    await page.keyboard.press('Control+c')
    // The system clipboard holds the filter as TaskRouter JSON (what a text editor would get).
    await expect.poll(async () => page.evaluate(() => navigator.clipboard.readText())).toContain('"filter_friendly_name": "Spanish speakers"')
    expect(JSON.parse(await page.evaluate(() => navigator.clipboard.readText()))).toEqual(spanishFilter())

    await openBuilder(page, targetSid)
    await page.getByTestId('wf-filter-name').filter({ hasText: 'VIP' }).click()
    await page.keyboard.press('Control+v')
    await page.getByTestId('wf-filter-name').filter({ hasText: 'Spanish speakers' }).waitFor()
    await page.getByTestId('wf-save-state').getByText(/Draft saved/).waitFor()
    const draft = await harness.rpc<{ configuration: string }>('workflowDrafts.get', { workspace_sid: ws, workflow_sid: targetSid })
    expect(JSON.parse(draft.configuration).task_routing.filters.map((filter: { filter_friendly_name: string }) => filter.filter_friendly_name)).toEqual(['VIP', 'Spanish speakers'])

    // Junk on the clipboard: nothing is pasted, the reason shows above the canvas.
    await page.evaluate(() => navigator.clipboard.writeText('{"queue": "WQ1", "timout": 30}'))
    await page.getByTestId('wf-filter-name').filter({ hasText: 'VIP' }).click()
    await page.keyboard.press('Control+v')
    await expect(page.getByTestId('wf-paste-error').textContent()).resolves.toMatch(/Cannot paste: this target is not valid/)
    await expect(page.getByTestId('wf-node-filter').count()).resolves.toBe(2)
    await harness.shot(page, 'workflows-paste-error-light')
    expect(problems).toEqual([])
    await page.context().close()
  })
})
