// `npm run restore -- --data DIR --from FILE`: build if needed, then run out/main/restore.js.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { buildIfStale } from './build-if-stale.mjs'

buildIfStale()
const result = spawnSync(process.execPath, [join(import.meta.dirname, '../out/main/restore.js'), ...process.argv.slice(2)], { stdio: 'inherit' })
process.exit(result.status ?? 1)
