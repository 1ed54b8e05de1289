// `npm run serve -- [--port N] [--host H] [--data DIR]`: build if needed, then run the
// headless server (engine + REST API + web UI) in this process's place.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { buildIfStale } from './build-if-stale.mjs'

buildIfStale()
const child = spawn(process.execPath, [join(import.meta.dirname, '../out/main/serve.js'), ...process.argv.slice(2)], { stdio: 'inherit' })
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
