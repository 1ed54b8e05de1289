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

  it('Ctrl+K reaches a queue, a workflow and a task by name or SID', async () => {
    const [queue] = await harness.rpc<Array<Sid & { friendly_name: string }>>('queues.list', { workspace_sid: ws })
    const [workflow] = await harness.rpc<Array<Sid & { friendly_name: string }>>('workflows.list', { workspace_sid: ws })
    const task = await harness.rpc<Sid>('tasks.create', { workspace_sid: ws, workflow_sid: workflow!.sid, attributes: '{"palette":"e2e"}' })
    const { page, problems } = await harness.signedInPage({ theme: 'dark' })
    await page.goto(`${harness.origin}/#/workspaces/${ws}/overview`)
    await page.getByTestId('health-badge').waitFor()
    const jump = async (query: string, expected: string, area: string): Promise<void> => {
      await page.keyboard.press('Control+k')
      await page.getByTestId('palette-input').fill(query)
      await page.getByTestId('palette-option').filter({ hasText: expected }).first().waitFor()
      await page.keyboard.press('Enter')
      await page.waitForURL(new RegExp(`/workspaces/${ws}/${area}`))
    }
    await jump(queue!.friendly_name.toLowerCase(), queue!.friendly_name, 'queues')
    await page.getByTestId('queue-name-input').waitFor()
    await page.keyboard.press('Escape')
    await jump(workflow!.sid, workflow!.friendly_name, 'workflows')
    await jump(task.sid.slice(0, 12), task.sid, 'tasks')
    await page.getByTestId('task-drawer').getByText(task.sid).first().waitFor()
    await harness.shot(page, 'palette-task-dark')
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('keyboard: Tab walks the shell in reading order with a visible focus ring, and the areas are reachable', async () => {
    const { page, problems } = await harness.signedInPage()
    await page.goto(`${harness.origin}/#/workspaces/${ws}/workers`)
    await page.getByTestId('worker-row').first().waitFor()
    // Start from the top of the document, as after a page load.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
    const stops: Array<{ name: string; ring: boolean }> = []
    for (let i = 0; i < 9; i += 1) {
      await page.keyboard.press('Tab')
      stops.push(await page.evaluate(() => {
        const element = document.activeElement as HTMLElement
        const style = getComputedStyle(element)
        const ring = (style.outlineStyle !== 'none' && style.outlineWidth !== '0px') || style.boxShadow !== 'none'
        const name = element.getAttribute('data-testid') ?? element.getAttribute('aria-label') ?? element.textContent?.trim().slice(0, 30) ?? element.tagName
        return { name, ring }
      }))
    }
    const names = stops.map((stop) => stop.name)
    const order = ['brand', 'palette-open', 'health-badge', 'theme-toggle', 'nav-overview', 'nav-workers'].map((name) => names.indexOf(name))
    expect(order.every((at) => at >= 0), names.join(' > ')).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)
    expect(stops.filter((stop) => !stop.ring).map((stop) => stop.name)).toEqual([])
    // Enter on a focused area link navigates.
    while ((await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) !== 'nav-queues') await page.keyboard.press('Tab')
    await harness.shot(page, 'keyboard-focus-light')
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/queues/)
    expect(problems).toEqual([])
    await page.context().close()
  })

  const TOUR = ['overview', 'health', 'workers', 'queues', 'workflows', 'tasks', 'events', 'activities', 'channels', 'wallboard', 'simulate', 'settings']
  it.each(['light', 'dark'] as const)('every area opens in the %s theme with no console error (screenshots tour-<area>-<theme>)', async (theme) => {
    const { page, problems } = await harness.signedInPage({ theme })
    for (const area of TOUR) {
      await page.goto(`${harness.origin}/#/workspaces/${ws}/${area}`)
      await page.locator('main h1').first().waitFor()
      // Long enough for the area's first fetches to answer (and any console error they cause).
      await page.waitForTimeout(300)
      // The colour behind the page: the nearest ancestor of <main> that paints one.
      const background = await page.evaluate(() => {
        for (let element: Element | null = document.querySelector('main'); element; element = element.parentElement) {
          const colour = getComputedStyle(element).backgroundColor
          if (!/rgba\(.*, 0\)$/.test(colour) && colour !== 'transparent') return colour
        }
        return 'rgb(255, 255, 255)'
      })
      const [r, g, b] = (background.match(/\d+/g) ?? ['255', '255', '255']).map(Number)
      expect((r! + g! + b!) / 3 < 128, `${area} background ${background}`).toBe(theme === 'dark')
      await harness.shot(page, `tour-${area}-${theme}`)
    }
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

  it('Health: "Re-create" gives a task close to its TTL a fresh one, keeping its place in line, and cancels the original', { timeout: 60_000 }, async () => {
    const [workflow] = await harness.rpc<Sid[]>('workflows.list', { workspace_sid: ws })
    const original = await harness.rpc<Sid & { virtual_start_time: string }>('tasks.create', { workspace_sid: ws, workflow_sid: workflow!.sid, timeout: 12, attributes: '{"ttl":"short"}' })
    const { page, problems } = await harness.signedInPage({ theme: 'dark' })
    await page.goto(`${harness.origin}/#/workspaces/${ws}/health`)
    // The row appears by itself at 80% of the 12 s TTL (the display clock ticks; nothing is refetched).
    const row = page.getByTestId('health-problem').filter({ hasText: original.sid })
    await row.waitFor({ timeout: 15_000 })
    await row.getByTestId('health-recreate').click()
    await page.getByText('with a fresh time-to-live; the original was canceled').waitFor()
    await harness.shot(page, 'health-task-ttl-dark')
    const canceled = await harness.rpc<{ assignment_status: string; reason: string }>('tasks.get', { workspace_sid: ws, sid: original.sid })
    expect(canceled.assignment_status).toBe('canceled')
    const copySid = /Re-created as (WT[0-9a-f]{32})/.exec(canceled.reason)![1]!
    const copy = await harness.rpc<{ assignment_status: string; timeout: number; virtual_start_time: string; attributes: string; age: number }>('tasks.get', { workspace_sid: ws, sid: copySid })
    expect(copy).toMatchObject({ assignment_status: 'pending', timeout: 12, virtual_start_time: original.virtual_start_time, attributes: '{"ttl":"short"}' })
    expect(copy.age).toBeLessThan(4)
    await harness.rpc('tasks.update', { workspace_sid: ws, sid: copySid, assignment_status: 'canceled', reason: 'e2e clean-up' })
    expect(problems).toEqual([])
    await page.context().close()
  })
})
