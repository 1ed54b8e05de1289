// Regenerates the README screenshots: starts the built headless server on a temporary data
// folder, adds sample workspaces through the REST API, and captures pages in Debian chromium.
// Usage: npm run build && node scripts/screenshots.mjs
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'

const root = join(import.meta.dirname, '..')
const data = mkdtempSync(join(tmpdir(), 'routedesk-shots-'))
// credentials.json keeps only a hash of the Auth Token: give the server a known one.
const accountSid = 'AC' + randomBytes(16).toString('hex')
const authToken = randomBytes(16).toString('hex')
const server = spawn(process.execPath, [join(root, 'out/main/serve.js'), '--port', '0', '--data', data], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, ROUTEDESK_ACCOUNT_SID: accountSid, ROUTEDESK_AUTH_TOKEN: authToken },
})
const url = await new Promise((resolve, reject) => {
  let text = ''
  server.stdout.on('data', (chunk) => {
    text += chunk
    const match = /Routedesk listening on (\S+)/.exec(text)
    if (match) resolve(match[1])
  })
  server.on('exit', () => reject(new Error('server exited')))
})
const origin = new URL(url).origin
const auth = 'Basic ' + Buffer.from(`${accountSid}:${authToken}`).toString('base64')
for (const [name, template] of [['Support EMEA', 'FIFO'], ['Sales Americas', 'NONE'], ['Billing', 'FIFO']]) {
  await fetch(`${origin}/v1/Workspaces`, { method: 'POST', headers: { Authorization: auth, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ FriendlyName: name, Template: template }) })
}
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
})
try {
  const page = await browser.newPage({ viewport: { width: 1360, height: 760 } })
  await page.goto(url)
  await page.getByTestId('workspace-row').first().waitFor()
  // Let the loading spinner and the fade-ins finish before capturing.
  await page.waitForFunction(() => !globalThis.document.querySelector('.n-spin-body'))
  await page.waitForTimeout(400)
  await page.screenshot({ path: join(root, 'resources/screenshots/workspaces.png') })
  console.log('wrote resources/screenshots/workspaces.png')
} finally {
  await browser.close()
  server.kill('SIGTERM')
}
