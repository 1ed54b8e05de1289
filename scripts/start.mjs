// `npm start`: open the Routedesk desktop window. Where the Electron binary is missing (it
// cannot be downloaded on every machine) or there is no display, say so in one line and run
// the headless server instead, so the main job always runs.
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { buildIfStale } from './build-if-stale.mjs'

const root = join(import.meta.dirname, '..')
const require = createRequire(import.meta.url)

function electronBinary() {
  try {
    const packageDir = dirname(require.resolve('electron/package.json'))
    const pathFile = join(packageDir, 'path.txt')
    if (!existsSync(pathFile)) return { missing: 'the Electron binary is not installed (run `npm install` with internet access)' }
    const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim())
    return existsSync(binary) ? { binary } : { missing: `the Electron binary is missing at ${binary}` }
  } catch {
    return { missing: 'the electron package is not installed' }
  }
}

function hasDisplay() {
  if (process.platform !== 'linux') return true
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY)
}

buildIfStale()
const electron = electronBinary()
let command
let args
if (electron.binary && hasDisplay()) {
  command = electron.binary
  args = [root, ...process.argv.slice(2)]
} else {
  const reason = electron.missing ?? 'there is no display (DISPLAY/WAYLAND_DISPLAY unset)'
  console.log(`Routedesk desktop window not opened: ${reason}; running the headless server instead.`)
  command = process.execPath
  args = [join(root, 'out/main/serve.js'), ...process.argv.slice(2)]
}
const child = spawn(command, args, { stdio: 'inherit' })
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
