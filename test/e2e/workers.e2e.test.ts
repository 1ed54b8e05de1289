import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HAS_CHROMIUM, createWorkspace, startHarness } from './support/harness'
import type { Harness } from './support/harness'

/** Workers area against the real server: list, expression filter, drawer, bulk, live, 15,000 rows. */
describe.skipIf(!HAS_CHROMIUM)('Workers area (real server, real Chromium)', () => {
  let harness: Harness
  let ws: string
  let activities: Array<{ sid: string; friendly_name: string }>

  beforeAll(async () => {
    harness = await startHarness()
    ws = await createWorkspace(harness, 'Workers e2e')
    activities = await harness.rpc('activities.list', { workspace_sid: ws })
    const available = activities.find((a) => a.friendly_name === 'Available')!
    for (const [name, attributes] of [
      ['Alice Martin', { skills: ['support', 'vip'], level: 3 }],
      ['Bruno Costa', { skills: ['sales'], level: 1 }],
      ['Chloé Dubois', { skills: ['support'], level: 2 }],
    ] as const) {
      await harness.rpc('workers.create', { workspace_sid: ws, friendly_name: name, attributes: JSON.stringify(attributes), activity_sid: available.sid })
    }
  })
  afterAll(async () => harness?.close())

  it('lists workers, filters by a live expression, and follows a change made elsewhere', async () => {
    const { page, problems } = await harness.signedInPage()
    await page.goto(`${harness.origin}/#/workspaces/${ws}/workers`)
    await page.getByTestId('worker-row').first().waitFor()
    await expect(page.getByTestId('worker-row').count()).resolves.toBe(3)
    expect(await page.getByTestId('worker-count').textContent()).toBe('3 workers')

    // The expression filter: typing narrows the table and says how many match.
    await page.getByTestId('worker-expression-filter').locator('.cm-content').click()
    await page.keyboard.type('skills HAS "support"')
    await page.getByTestId('worker-expression-count').getByText('2 workers match').waitFor()
    await expect(page.getByTestId('worker-row').count()).resolves.toBe(2)
    // A broken expression: the server's message inline, the last good result kept.
    await page.keyboard.type(' AND')
    await page.getByTestId('worker-expression-error').waitFor()
    await page.locator('.cm-lintRange-error, .cm-lintPoint').first().waitFor()
    for (let i = 0; i < 4; i++) await page.keyboard.press('Backspace')
    await page.getByTestId('worker-expression-count').waitFor()

    // Live: a worker created through the API appears without a reload, and matches the filter.
    await harness.rpc('workers.create', { workspace_sid: ws, friendly_name: 'Dara Live', attributes: '{"skills":["support"]}' })
    await page.getByTestId('worker-row').filter({ hasText: 'Dara Live' }).waitFor()
    await page.getByTestId('worker-expression-count').getByText('3 workers match').waitFor()
    await harness.shot(page, 'workers-filtered-light')

    // The drawer explains why the worker matches the filter.
    await page.getByTestId('worker-open').filter({ hasText: 'Alice Martin' }).click()
    await page.getByTestId('worker-explain').getByText('Matches the expression filter').waitFor()
    await page.waitForTimeout(400) // let the drawer finish sliding in before the screenshot
    await harness.shot(page, 'workers-drawer-explain-light')
    await page.keyboard.press('Escape')
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('edits a worker in the drawer, and changes activity of a selection in bulk with progress', async () => {
    const { page, problems } = await harness.signedInPage({ theme: 'dark' })
    await page.goto(`${harness.origin}/#/workspaces/${ws}/workers`)
    await page.getByTestId('worker-open').filter({ hasText: 'Bruno Costa' }).click()
    const drawer = page.getByTestId('worker-drawer')
    await drawer.getByTestId('worker-channel-row').first().waitFor()
    await expect(drawer.getByTestId('json-counter').textContent()).resolves.toMatch(/\/ 4,096 characters/)
    // Invalid JSON is refused before the server, next to the editor.
    await drawer.locator('.cm-content').click()
    await page.keyboard.press('Control+End')
    await page.keyboard.type(',')
    await drawer.getByTestId('json-problem').getByText(/Not valid JSON/).waitFor()
    await page.keyboard.press('Backspace')
    await page.waitForTimeout(400)
    await harness.shot(page, 'workers-drawer-dark')
    await page.keyboard.press('Escape')
    await page.keyboard.press('Escape')

    const rows = page.getByTestId('worker-row')
    await rows.first().waitFor()
    await rows.nth(0).getByTestId('worker-select').check()
    await rows.nth(1).getByTestId('worker-select').check()
    await expect(page.getByTestId('worker-bulk-count').textContent()).resolves.toBe('2 workers selected')
    await page.getByTestId('worker-bulk-activity').click()
    await page.locator('.n-base-select-option').filter({ hasText: 'Offline' }).click()
    await page.getByTestId('worker-bulk-apply').click()
    await page.getByTestId('worker-bulk-run').getByText('2 / 2').waitFor()
    await page.getByTestId('worker-row').filter({ hasText: 'Offline' }).nth(1).waitFor()
    await harness.shot(page, 'workers-bulk-dark')

    // Add then remove a skill on the same selection; the attributes change on the server.
    const selected = await page.getByTestId('worker-row').evaluateAll((rows) => rows.filter((row) => (row.querySelector('[data-testid="worker-select"]') as HTMLInputElement | null)?.checked).map((row) => row.textContent ?? ''))
    expect(selected).toHaveLength(2)
    const skillsOf = async (): Promise<string[][]> => {
      const workers = await harness.rpc<Array<{ friendly_name: string; attributes: string }>>('workers.list', { workspace_sid: ws })
      return workers.filter((w) => selected.some((text) => text.includes(w.friendly_name))).map((w) => (JSON.parse(w.attributes) as { skills?: string[] }).skills ?? [])
    }
    await page.getByTestId('worker-bulk-skill').fill('escalations')
    await page.getByTestId('worker-bulk-add-skill').click()
    await page.getByTestId('worker-bulk-run').getByText('2 / 2').waitFor()
    await expect.poll(skillsOf).toEqual([expect.arrayContaining(['escalations']), expect.arrayContaining(['escalations'])])
    await page.getByTestId('worker-bulk-skill').fill('escalations')
    await page.getByTestId('worker-bulk-remove-skill').click()
    await expect.poll(async () => (await skillsOf()).flat()).not.toContain('escalations')
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('15,000 workers: scrolling stays smooth and renders the rows in view', async () => {
    const { page, problems } = await harness.signedInPage()
    const template = { workspace_sid: ws, attributes: '{}', activity_sid: activities[0]!.sid, activity_name: 'Available', available: true, date_created: '2026-11-21T10:00:00Z', date_updated: '2026-11-21T10:00:00Z', date_status_changed: '2026-11-21T10:00:00Z', version: 1 }
    const skills = ['support', 'sales', 'billing', 'vip', 'tech']
    const many = Array.from({ length: 15_000 }, (_, i) => ({
      ...template,
      sid: `WK${i.toString(16).padStart(32, '0')}`,
      friendly_name: `Agent ${String(i).padStart(5, '0')}`,
      attributes: JSON.stringify({ skills: [skills[i % 5], skills[(i + 2) % 5]] }),
    }))
    // The fake "transport" here is the network: workers.list answers 15,000 rows.
    await page.route('**/rpc/workers.list', async (route) => {
      const input = JSON.parse(route.request().postData() ?? '{}') as Record<string, unknown>
      if (input.target_workers_expression) return route.continue()
      await route.fulfill({ json: { ok: true, data: many } })
    })
    await page.route('**/rpc/workerChannels.list', (route) => route.fulfill({ json: { ok: true, data: [] } }))
    await page.goto(`${harness.origin}/#/workspaces/${ws}/workers`)
    await page.getByTestId('worker-count').getByText('15,000 workers').waitFor()
    const domRows = await page.getByTestId('worker-row').count()
    expect(domRows).toBeLessThan(80)

    const body = page.locator('[data-testid="worker-table"] .v-vl, [data-testid="worker-table"] .n-data-table-base-table-body').first()
    await body.hover()
    const frames = await page.evaluate(async () => {
      // Measure frame gaps while the wheel scrolls: long gaps are visible jank.
      const gaps: number[] = []
      let last = performance.now()
      let running = true
      const tick = (now: number): void => {
        gaps.push(now - last)
        last = now
        if (running) requestAnimationFrame(tick)
      }
      requestAnimationFrame(tick)
      ;(window as unknown as { __stopFrames: () => number[] }).__stopFrames = () => {
        running = false
        return gaps
      }
      return true
    })
    expect(frames).toBe(true)
    for (let i = 0; i < 60; i++) {
      await page.mouse.wheel(0, 1500)
      await page.waitForTimeout(16)
    }
    const gaps = await page.evaluate(() => (window as unknown as { __stopFrames: () => number[] }).__stopFrames())
    const sorted = [...gaps].sort((a, b) => a - b)
    const median = sorted[Math.floor(sorted.length / 2)] ?? 0
    const p95 = sorted[Math.floor(sorted.length * 0.95)] ?? 0
    console.info(`15,000 rows, wheel scrolling: ${gaps.length} frames, median ${median.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms`)
    // Headless Chromium paints in software on a shared CI box, several times slower than a
    // desktop GPU (typical here: median ~35 ms, p95 ~60-130 ms). The bounds catch a regression
    // to per-row naive-ui components (measured 150-430 ms per step), not machine noise.
    expect(median).toBeLessThan(80)
    expect(p95).toBeLessThan(250)
    await expect(page.getByTestId('worker-row').first().textContent()).resolves.toMatch(/Agent 0[1-9]\d{3}/)
    expect(await page.getByTestId('worker-row').count()).toBeLessThan(80)
    await harness.shot(page, 'workers-15000-scrolled-light')
    expect(problems).toEqual([])
    await page.context().close()
  })
})
