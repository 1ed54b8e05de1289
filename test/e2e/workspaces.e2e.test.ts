import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromium } from 'playwright-core'
import type { Browser, Page } from 'playwright-core'
import { spawnServe, type ServeProcess } from './support/harness'

/**
 * The web UI against the real headless server (`out/main/serve.js`, so `npm run build` first):
 * sign in with the printed link, create workspaces through the UI, and the signed-out paths.
 */
const CHROMIUM = '/usr/bin/chromium'
const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

type RunningServer = ServeProcess

/** Spawns the server on a free port and resolves with the origin parsed from its banner. */
const startServer = (dataDir: string): Promise<RunningServer> => spawnServe(dataDir)

describe.skipIf(!existsSync(CHROMIUM))('workspaces in the web UI (real server, real Chromium)', () => {
  let dataDir: string
  let server: RunningServer
  let browser: Browser

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'rd-e2e-'))
    server = await startServer(dataDir)
    browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS })
  })

  afterAll(async () => {
    await browser?.close()
    if (server?.child.exitCode === null) {
      const exited = new Promise((done) => server.child.once('exit', done))
      server.child.kill('SIGTERM')
      await exited
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  /** A fresh browser context signed in through the printed link; collects page errors. */
  async function signedInPage(): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext()
    const page = await context.newPage()
    const problems: string[] = []
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
    page.on('console', (message) => {
      // A refused CSP directive or a script error is a bug; a 4xx answer the UI handles is not.
      if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) problems.push(message.text())
    })
    await page.goto(`${server.origin}/?token=${encodeURIComponent(server.token)}`)
    await page.getByTestId('connection-state').getByText('Connected').waitFor()
    return { page, problems }
  }

  it('the printed link signs in and drops the token from the address bar', async () => {
    const { page, problems } = await signedInPage()
    expect(new URL(page.url()).search).toBe('')
    await expect(page.title()).resolves.toBe('Routedesk')
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('creating a workspace through the form lists it, and a duplicate name is refused next to the field', async () => {
    const { page, problems } = await signedInPage()
    await page.getByTestId('workspace-name-input').fill('Support EMEA')
    await page.getByTestId('workspace-create').click()
    const row = page.getByTestId('workspace-row').filter({ hasText: 'Support EMEA' })
    await row.waitFor()
    await expect(row.textContent()).resolves.toMatch(/WS[0-9a-f]{32}/)

    await page.getByTestId('workspace-name-input').fill('Support EMEA')
    await page.getByTestId('workspace-create').click()
    const error = page.getByTestId('workspace-name-error')
    await error.waitFor()
    await expect(error.textContent()).resolves.toMatch(/\S/)
    await expect(page.getByTestId('workspace-row').count()).resolves.toBe(1)

    // A second browser sees it without reloading: the list follows pushed app.changed events.
    const other = await signedInPage()
    await other.page.getByTestId('workspace-row').filter({ hasText: 'Support EMEA' }).waitFor()
    await page.getByTestId('workspace-name-input').fill('Sales')
    await page.getByTestId('workspace-create').click()
    await other.page.getByTestId('workspace-row').filter({ hasText: 'Sales' }).waitFor()

    expect([...problems, ...other.problems]).toEqual([])
    await page.context().close()
    await other.page.context().close()
  })

  it('without the token, the page tells you to open the printed link', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(server.origin)
    await expect(page.locator('body').textContent()).resolves.toContain('npm run serve')
    await context.close()
  })

  it('when the session cookie is gone, the app switches to its signed-out screen', async () => {
    const { page } = await signedInPage()
    await page.context().clearCookies()
    await page.getByTestId('workspace-name-input').fill('After sign-out')
    await page.getByTestId('workspace-create').click()
    const screen = page.getByTestId('signed-out')
    await screen.waitFor()
    await expect(screen.textContent()).resolves.toContain('npm run serve')
    await page.context().close()
  })
})
