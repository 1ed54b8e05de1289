// Builds with electron-vite when out/ is missing or older than any source file, so
// `npm start` and `npm run serve` work straight after `npm install` and stay quick after.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..')
const outputs = ['out/main/index.js', 'out/main/serve.js', 'out/main/storeWorker.js', 'out/main/simulate.js', 'out/main/restore.js', 'out/preload/index.cjs', 'out/renderer/index.html']
const sources = ['src-main', 'src-preload', 'src-renderer', 'package.json', 'electron.vite.config.ts']

function newestMtime(path) {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)))
  return newest
}

export function buildIfStale() {
  const outputPaths = outputs.map((file) => join(root, file))
  const built = outputPaths.every((file) => existsSync(file))
  const oldestOutput = built ? Math.min(...outputPaths.map((file) => statSync(file).mtimeMs)) : 0
  const newestSource = Math.max(...sources.map((path) => newestMtime(join(root, path))))
  if (built && oldestOutput >= newestSource) return
  console.log('Building Routedesk…')
  execFileSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] })
}
