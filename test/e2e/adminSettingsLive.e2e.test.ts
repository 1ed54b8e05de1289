import { readFileSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HAS_CHROMIUM, createWorkspace, startHarness } from './support/harness'
import type { Harness } from './support/harness'

interface Sid {
  sid: string
}

/**
 * Settings (REST server, retention, export/import), Events (webhook deliveries), Queues (live
 * counts from app.stats) and Health (re-route) against the real server in Chromium.
 */
describe.skipIf(!HAS_CHROMIUM)('Admin: settings, transfer, deliveries, live counts, re-route (real server, real Chromium)', () => {
  let harness: Harness
  let ws: string
  let receiver: Server
  let receiverUrl: string
  const received: string[] = []

  beforeAll(async () => {
    harness = await startHarness()
    ws = await createWorkspace(harness, 'Admin e2e')
    for (const name of ['Alice Martin', 'Bob Stone']) await harness.rpc('workers.create', { workspace_sid: ws, friendly_name: name, attributes: '{"skills":["support"]}' })
    // A webhook receiver: 200 for event callbacks.
    receiver = createServer((request, response) => {
      let body = ''
      request.on('data', (chunk: Buffer) => (body += chunk.toString()))
      request.on('end', () => {
        received.push(new URLSearchParams(body).get('EventType') ?? '')
        response.writeHead(200).end('ok')
      })
    })
    await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done))
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/events`
  })
  afterAll(async () => {
    await harness?.close()
    await new Promise((done) => receiver?.close(done))
  })

  it('Settings: saves the REST port and retention, and says a restart is needed', async () => {
    const { page, problems } = await harness.signedInPage()
    await page.goto(`${harness.origin}/#/workspaces/${ws}/settings`)
    await page.getByTestId('rest-running').getByText('/v1').waitFor()
    await page.getByTestId('rest-port').fill('4791')
    await page.getByTestId('retention-days').fill('14')
    await page.getByTestId('installation-save').click()
    await page.getByTestId('rest-restart-needed').getByText('4791 takes effect when Routedesk restarts', { exact: false }).waitFor()
    const view = await harness.rpc<{ saved: { rest_server: { port: number }; retention_days: number }; settings_file: string }>('settings.get', {})
    expect(view.saved).toMatchObject({ rest_server: { port: 4791 }, retention_days: 14 })
    expect(JSON.parse(readFileSync(view.settings_file, 'utf8'))).toMatchObject({ rest_server: { port: 4791 }, retention_days: 14 })
    await page.getByTestId('rest-port').fill('99999')
    await page.getByTestId('installation-save').click()
    await page.getByTestId('rest-port-error').waitFor()
    await harness.shot(page, 'settings-rest-retention')
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('Settings: exports the workspace as a file and imports it back as a new workspace, with progress', async () => {
    const { page, problems } = await harness.signedInPage({ theme: 'dark' })
    await page.goto(`${harness.origin}/#/workspaces/${ws}/settings`)
    const downloading = page.waitForEvent('download')
    await page.getByTestId('workspace-export').click()
    const download = await downloading
    const file = join(tmpdir(), `rd-admin-export-${Date.now()}.json`)
    await download.saveAs(file)
    const exported = JSON.parse(readFileSync(file, 'utf8')) as { format: string; workers: unknown[] }
    expect(exported.format).toBe('routedesk-workspace')
    expect(exported.workers).toHaveLength(2)

    // A broken copy first: refused, with the place of the problem.
    const broken = join(tmpdir(), `rd-admin-broken-${Date.now()}.json`)
    writeFileSync(broken, JSON.stringify({ ...exported, workers: [{ ...(exported.workers[0] as object), attributes: '[1]' }] }))
    await page.getByTestId('import-file').setInputFiles(broken)
    await page.getByTestId('import-start').click()
    await page.getByTestId('import-error').getByText('workers.0.attributes', { exact: false }).waitFor()

    await page.getByTestId('import-file').setInputFiles(file)
    await page.getByTestId('import-name').fill('Admin e2e copy')
    await page.getByTestId('import-start').click()
    await page.getByTestId('import-done').getByText('Admin e2e copy').waitFor()
    await harness.shot(page, 'settings-import-dark')
    const copies = await harness.rpc<Array<Sid & { friendly_name: string }>>('workspaces.list', { friendly_name: 'Admin e2e copy' })
    expect(copies).toHaveLength(1)
    expect(await harness.rpc<unknown[]>('workers.list', { workspace_sid: copies[0]!.sid })).toHaveLength(2)
    await page.getByTestId('import-open').click()
    await page.waitForURL(new RegExp(`/workspaces/${copies[0]!.sid}/overview`))
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('Queues: waiting, eligible and available counts follow pushed statistics while the page is open', async () => {
    const { page, problems } = await harness.signedInPage()
    const queue = await harness.rpc<Sid>('queues.create', { workspace_sid: ws, friendly_name: 'Live counts', target_workers: 'skills HAS "support"' })
    await page.goto(`${harness.origin}/#/workspaces/${ws}/queues`)
    const row = page.getByTestId('queue-row').filter({ hasText: 'Live counts' })
    // The first numbers come with the page (stats.snapshot); later ones are pushed at most once a second.
    await row.getByTestId('queue-eligible').getByText('2', { exact: true }).waitFor({ timeout: 3000 })
    await row.getByTestId('queue-waiting').getByText('0', { exact: true }).waitFor({ timeout: 3000 })
    const created = Date.now()
    await harness.rpc('tasks.create', { workspace_sid: ws, task_queue_sid: queue.sid, attributes: '{}' })
    await harness.rpc('tasks.create', { workspace_sid: ws, task_queue_sid: queue.sid, attributes: '{}' })
    await row.getByTestId('queue-waiting').getByText('2', { exact: true }).waitFor({ timeout: 5000 })
    console.info(`[e2e] queue waiting count updated ${Date.now() - created} ms after the tasks were created`)
    await harness.shot(page, 'queues-live-counts')
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('Events: each event shows its webhook delivery status live, and the deliveries view lists them', async () => {
    await harness.rpc('workspaces.update', { sid: ws, event_callback_url: receiverUrl, events_filter: 'task.created,task.canceled' })
    const { page, problems } = await harness.signedInPage()
    await page.goto(`${harness.origin}/#/workspaces/${ws}/events`)
    await page.getByTestId('event-list').waitFor()
    await harness.rpc('tasks.create', { workspace_sid: ws, attributes: '{"webhook":"e2e"}' })
    const row = page.getByTestId('event-row').filter({ hasText: 'task.created' }).first()
    await row.getByTestId('delivery-status').and(page.locator('[data-status="delivered"]')).waitFor({ timeout: 15_000 })
    expect(received).toContain('task.created')
    await page.getByTestId('event-view-deliveries').click()
    await page.getByTestId('delivery-row').first().waitFor()
    expect(await page.getByTestId('delivery-row').first().getAttribute('data-status')).toBe('delivered')
    await harness.shot(page, 'events-deliveries')
    await page.getByTestId('delivery-event').first().click()
    await page.getByTestId('event-deliveries').waitFor()
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('Health: "Re-route tasks" re-runs the workflow for tasks stuck in a queue with nobody eligible', async () => {
    const { page, problems } = await harness.signedInPage()
    const nobody = await harness.rpc<Sid>('queues.create', { workspace_sid: ws, friendly_name: 'Nobody here', target_workers: 'skills HAS "klingon"' })
    const staffed = await harness.rpc<Sid>('queues.create', { workspace_sid: ws, friendly_name: 'Staffed', target_workers: 'skills HAS "support"' })
    const flow = await harness.rpc<Sid>('workflows.create', { workspace_sid: ws, friendly_name: 'Reroute flow', configuration: JSON.stringify({ task_routing: { filters: [], default_filter: { queue: nobody.sid } } }) })
    await harness.rpc('tasks.create', { workspace_sid: ws, workflow_sid: flow.sid, attributes: '{"need":"klingon"}' })
    await page.goto(`${harness.origin}/#/workspaces/${ws}/health`)
    const row = page.getByTestId('health-problem').filter({ hasText: 'Nobody here' })
    await row.waitFor()
    // First re-route: the workflow still sends it here, and the panel says what to change.
    await row.getByTestId('health-reroute').click()
    await row.getByTestId('health-reroute-result').getByText('routed here again', { exact: false }).waitFor()
    // Fix the workflow, then re-route: the task leaves, the problem clears live.
    await harness.rpc('workflows.update', { workspace_sid: ws, sid: flow.sid, configuration: JSON.stringify({ task_routing: { filters: [], default_filter: { queue: staffed.sid } } }) })
    await row.getByTestId('health-reroute').click()
    await expect.poll(async () => page.getByTestId('health-problem').filter({ hasText: 'Nobody here' }).count(), { timeout: 10_000 }).toBe(0)
    await harness.shot(page, 'health-reroute')
    expect(problems).toEqual([])
    await page.context().close()
  })
})
