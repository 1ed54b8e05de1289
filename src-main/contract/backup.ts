import { z } from 'zod'

/**
 * Online backups of the whole data store (issue 11). A backup is one SQLite file with every
 * workspace and its events, written under `<data folder>/backups/` while Routedesk keeps
 * running; restoring is offline (`npm run restore -- --data DIR --from FILE`).
 */
export const BackupSchema = z.object({
  file_name: z.string(),
  /** Absolute path on the machine running Routedesk. */
  path: z.string(),
  bytes: z.number().int(),
  created_at: z.string(),
})
export type Backup = z.infer<typeof BackupSchema>

export const backupMethods = {
  /** Writes a consistent backup now: every change acknowledged before the call is in it. */
  'system.backup': { input: z.strictObject({}), output: BackupSchema.extend({ seq: z.number().int() }) },
  /** The backups in the data folder, newest first. */
  'system.listBackups': { input: z.strictObject({}), output: z.array(BackupSchema) },
} as const
