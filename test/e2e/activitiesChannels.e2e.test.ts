import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HAS_CHROMIUM, createWorkspace, startHarness } from './support/harness'
import type { Harness } from './support/harness'

/** Activities and Channels areas against the real server: CRUD, refusals with reasons, live. */
describe.skipIf(!HAS_CHROMIUM)('Activities and Channels (real server, real Chromium)', () => {
  let harness: Harness
  let ws: string

  beforeAll(async () => {
    harness = await startHarness()
    ws = await createWorkspace(harness, 'Config e2e')
  })
  afterAll(async () => harness?.close())

  it('activities: create, rename, refused delete of the default, and a live addition', async () => {
    const { page, problems } = await harness.signedInPage()
    await page.goto(`${harness.origin}/#/workspaces/${ws}/activities`)
    const offline = page.getByTestId('activity-row').filter({ hasText: 'Offline' })
    await offline.getByTestId('activity-default').waitFor()

    await page.getByTestId('activity-name-input').fill('Lunch')
    await page.getByTestId('activity-create').click()
    const lunch = page.getByTestId('activity-row').filter({ hasText: 'Lunch' })
    await lunch.waitFor()
    await lunch.getByTestId('activity-rename').click()
    await page.getByTestId('activity-rename-input').fill('Long lunch')
    await page.getByTestId('activity-rename-save').click()
    await page.getByTestId('activity-row').filter({ hasText: 'Long lunch' }).waitFor()

    await offline.getByTestId('activity-delete').click()
    await page.getByTestId('confirm-ok').click()
    await page.getByTestId('confirm-error').getByText(/default activity/).waitFor()
    await page.getByTestId('confirm-cancel').click()

    // Availability is fixed once created: the row offers a copy with the other value instead.
    await offline.getByTestId('activity-copy').click()
    await expect(page.getByTestId('activity-name-input').inputValue()).resolves.toBe('Offline (available)')
    await expect(page.getByTestId('activity-available').getAttribute('aria-checked')).resolves.toBe('true')
    await page.getByTestId('activity-create').click()
    await page.getByTestId('activity-row').filter({ hasText: 'Offline (available)' }).getByTestId('activity-tag').getByText('Available', { exact: true }).waitFor()

    await harness.rpc('activities.create', { workspace_sid: ws, friendly_name: 'Training', available: false })
    await page.getByTestId('activity-row').filter({ hasText: 'Training' }).waitFor()
    await harness.shot(page, 'activities-light')
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('channels: create with a suggested unique name, delete, and a live addition', async () => {
    const { page, problems } = await harness.signedInPage({ theme: 'dark' })
    await page.goto(`${harness.origin}/#/workspaces/${ws}/channels`)
    await page.getByTestId('channel-row').first().waitFor()
    await page.getByTestId('channel-name-input').fill('Web Chat')
    await expect(page.getByTestId('channel-unique-input').inputValue()).resolves.toBe('web_chat')
    await page.getByTestId('channel-create').click()
    const row = page.getByTestId('channel-row').filter({ hasText: 'web_chat' })
    await row.waitFor()
    await row.getByTestId('channel-delete').click()
    await page.getByTestId('confirm-ok').click()
    // Poll: the row leaves once the delete answer lands (the shell loads Health meanwhile too).
    await expect.poll(() => row.count()).toBe(0)

    await harness.rpc('channels.create', { workspace_sid: ws, friendly_name: 'Email', unique_name: 'email' })
    await page.getByTestId('channel-row').filter({ hasText: 'email' }).waitFor()
    await harness.shot(page, 'channels-dark')
    expect(problems).toEqual([])
    await page.context().close()
  })
})
