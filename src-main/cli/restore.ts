import { parseArgs } from 'node:util'
import { restoreBackup } from '../store/durable/restore'

/**
 * `npm run restore -- --data DIR --from FILE`: replaces the data folder's contents with a backup
 * made by Settings -> Back up now (or `system.backup`). Stop Routedesk first. The folder's
 * previous files are moved to `before-restore-<time>/`, never deleted.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { data: { type: 'string' }, from: { type: 'string' }, help: { type: 'boolean', default: false } }, strict: true })
  if (values.help || !values.data || !values.from) {
    console.log('Usage: npm run restore -- --data <data folder> --from <backup file>   (stop Routedesk first)')
    process.exitCode = values.help ? 0 : 2
    return
  }
  const result = await restoreBackup(values.data, values.from)
  console.log(`Restored ${values.from} (${result.bytes} bytes) into ${values.data}.`)
  if (result.previousDataMovedTo) console.log(`The previous data was moved to ${result.previousDataMovedTo}.`)
}

main().catch((error: unknown) => {
  console.error(`restore: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
})
