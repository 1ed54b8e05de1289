import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HAS_CHROMIUM, createWorkspace, startHarness } from './support/harness'
import type { Harness } from './support/harness'

/** Settings -> REST API credentials against the real server: what the panel does is what REST accepts. */
describe.skipIf(!HAS_CHROMIUM)('REST credentials in Settings (real server, real Chromium)', () => {
  let harness: Harness
  let ws: string
  let accountSid: string
  const restStatus = async (user: string, password: string): Promise<number> =>
    (await fetch(`${harness.origin}/v1/Workspaces`, { headers: { Authorization: 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64') } })).status

  beforeAll(async () => {
    harness = await startHarness()
    ws = await createWorkspace(harness, 'Credentials e2e')
    accountSid = (await harness.rpc<{ account_sid: string }>('credentials.get', {})).account_sid
  })
  afterAll(async () => harness?.close())

  it('shows the hashed Auth Token masked, rotates it after a confirmation and shows the new one once', async () => {
    const { page, problems } = await harness.signedInPage()
    // The token generated at start-up was printed once; the data folder has only its hash.
    const oldToken = /Auth Token ([0-9a-f]{32}) \(new: copy it now/.exec(harness.serverOutput())![1]!
    expect(readFileSync(join(harness.dataDir, 'credentials.json'), 'utf8')).not.toContain(oldToken)
    expect(await restStatus(accountSid, oldToken)).toBe(200)
    await page.goto(`${harness.origin}/#/workspaces/${ws}/settings`)
    await page.getByTestId('credentials-account-sid').getByText(accountSid).waitFor()
    expect(await page.getByTestId('credentials-token').textContent()).toBe('•'.repeat(28) + oldToken.slice(-4))
    await page.getByTestId('credentials-token-hashed').waitFor()

    await page.getByTestId('credentials-rotate').click()
    await page.getByTestId('confirm-dialog').waitFor()
    await page.getByTestId('confirm-ok').click()
    await page.getByTestId('confirm-dialog').waitFor({ state: 'detached' })
    const newToken = (await page.getByTestId('credentials-token').textContent())!.trim()
    expect(newToken).toMatch(/^[0-9a-f]{32}$/)
    expect(newToken).not.toBe(oldToken)
    expect(await restStatus(accountSid, oldToken)).toBe(401)
    expect(await restStatus(accountSid, newToken)).toBe(200)
    await page.getByTestId('credentials-token-once').waitFor()
    await page.reload()
    await page.getByTestId('credentials-token-hashed').waitFor()
    expect(await page.getByTestId('credentials-token').textContent()).not.toContain(newToken)
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('creates an API key whose secret signs REST in, shown once, and revokes it', async () => {
    const { page, problems } = await harness.signedInPage({ theme: 'dark' })
    await page.goto(`${harness.origin}/#/workspaces/${ws}/settings`)
    await page.getByTestId('credentials-no-keys').waitFor()
    await page.getByTestId('credentials-key-name').fill('IVR')
    await page.getByTestId('credentials-create-key').click()
    const secret = (await page.getByTestId('credentials-new-secret').textContent())!.trim()
    const keySid = (await harness.rpc<{ api_keys: Array<{ sid: string }> }>('credentials.get', {})).api_keys[0]!.sid
    expect(await restStatus(keySid, secret)).toBe(200)
    await page.getByTestId('credentials-panel').scrollIntoViewIfNeeded()
    await harness.shot(page, 'settings-credentials-dark')

    await page.getByTestId(`credentials-revoke-${keySid}`).click()
    await page.getByTestId('confirm-ok').click()
    await page.getByTestId('credentials-no-keys').waitFor()
    expect(await restStatus(keySid, secret)).toBe(401)
    expect(problems).toEqual([])
    await page.context().close()
  })
})
