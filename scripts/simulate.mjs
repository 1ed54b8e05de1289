// `npm run simulate -- ...`: build if needed, then run the simulator CLI (out/main/simulate.js).
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { buildIfStale } from './build-if-stale.mjs'

buildIfStale()
const result = spawnSync(process.execPath, [join(import.meta.dirname, '../out/main/simulate.js'), ...process.argv.slice(2)], { stdio: 'inherit' })
process.exit(result.status ?? 1)
