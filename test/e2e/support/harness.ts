import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium } from 'playwright-core'
import type { Browser, Page } from 'playwright-core'

/**
 * Shared by the area e2e tests: the real headless server (`out/main/serve.js`, so build
 * first), a real Chromium, a signed-in page that records console errors, and `rpc` to set
 * data up (or to make a change "from elsewhere" while a page is open).
 */
export const CHROMIUM = '/usr/bin/chromium'
export const HAS_CHROMIUM = existsSync(CHROMIUM)
/** RD_SERVE_JS points at another build (e.g. a copy in /tmp) without touching `out/`. */
const SERVE_JS = process.env.RD_SERVE_JS ?? resolve(import.meta.dirname, '../../../out/main/serve.js')
const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
/** Screenshots land here when RD_SHOTS is set (e.g. RD_SHOTS=/tmp/rd-shots-7). */
export const SHOTS_DIR = process.env.RD_SHOTS ?? null

export interface Harness {
  origin: string
  browser: Browser
  /** Calls a contract method as the signed-in UI does (POST /rpc/<method>); throws on `ok: false`. */
  rpc<T = unknown>(method: string, input: unknown): Promise<T>
  /** A fresh signed-in page; `problems` collects page errors and console errors. */
  signedInPage(options?: { theme?: 'light' | 'dark' }): Promise<{ page: Page; problems: string[] }>
  shot(page: Page, name: string): Promise<void>
  /** The server's data folder and everything it printed so far (start-up banner, notices). */
  dataDir: string
  serverOutput(): string
  close(): Promise<void>
}

/** A headless server process on a free port, with the origin parsed from its banner. */
export interface ServeProcess {
  child: ChildProcess
  origin: string
  token: string
  output: () => string
}

/** Spawns `out/main/serve.js` (or RD_SERVE_JS) on port 0 with a known UI token. */
export async function spawnServe(dataDir: string): Promise<ServeProcess> {
  if (!existsSync(SERVE_JS)) throw new Error(`${SERVE_JS} is missing: run \`npx electron-vite build\` before the e2e tests`)
  const token = randomBytes(18).toString('base64url')
  const child: ChildProcess = spawn(process.execPath, [SERVE_JS, '--port', '0', '--data', dataDir], {
    env: { ...process.env, ROUTEDESK_UI_TOKEN: token },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const origin = await new Promise<string>((resolveOrigin, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not print its URL within 30 s:\n${output}`)), 30_000)
    const check = (): void => {
      const match = /Routedesk listening on (http:\/\/\S+?)\/\?token=/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolveOrigin(match[1]!)
      }
    }
    child.stdout!.on('data', check)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`server exited with ${code}:\n${output}`))
    })
  })
  return { child, origin, token, output: () => output }
}

export async function startHarness(): Promise<Harness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rd-e2e-'))
  const { child, origin, token, output } = await spawnServe(dataDir)
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS })

  // One signed-in context for rpc set-up calls (the session cookie authorises /rpc).
  const apiContext = await browser.newContext()
  const apiPage = await apiContext.newPage()
  await apiPage.goto(`${origin}/?token=${encodeURIComponent(token)}`)

  async function rpc<T>(method: string, input: unknown): Promise<T> {
    const response = await apiPage.request.post(`${origin}/rpc/${method}`, { data: input })
    const body = (await response.json()) as { ok: boolean; data?: T; error?: unknown }
    if (!body.ok) throw new Error(`${method} failed: ${JSON.stringify(body.error)}`)
    return body.data as T
  }

  async function signedInPage(options: { theme?: 'light' | 'dark' } = {}): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
    if (options.theme) await context.addInitScript((theme) => localStorage.setItem('routedesk.theme', theme), options.theme)
    const page = await context.newPage()
    const problems: string[] = []
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
    page.on('console', (message) => {
      if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) problems.push(message.text())
    })
    await page.goto(`${origin}/?token=${encodeURIComponent(token)}`)
    await page.getByTestId('connection-state').getByText('Connected').waitFor()
    return { page, problems }
  }

  async function shot(page: Page, name: string): Promise<void> {
    if (!SHOTS_DIR) return
    mkdirSync(SHOTS_DIR, { recursive: true })
    await page.screenshot({ path: join(SHOTS_DIR, `${name}.png`) })
  }

  async function close(): Promise<void> {
    await browser.close()
    if (child.exitCode === null) {
      const exited = new Promise((done) => child.once('exit', done))
      child.kill('SIGTERM')
      await exited
    }
    rmSync(dataDir, { recursive: true, force: true })
  }

  return { origin, browser, rpc, signedInPage, shot, close, dataDir, serverOutput: output }
}

/** A FIFO-template workspace (activities, channels, a queue, a workflow) named `name`. */
export async function createWorkspace(harness: Harness, name: string): Promise<string> {
  const workspace = await harness.rpc<{ sid: string }>('workspaces.create', { friendly_name: name, template: 'FIFO' })
  return workspace.sid
}
