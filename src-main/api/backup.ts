import { mkdir, readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { MethodName, MethodOutput } from '../contract/methods'
import { StorageError, type EngineStore } from '../store/port'

type BackupMethod = 'system.backup' | 'system.listBackups'

export function isBackupMethod(method: MethodName): method is BackupMethod {
  return method === 'system.backup' || method === 'system.listBackups'
}

const BACKUP_FILE = /^routedesk-backup-[0-9TZ-]+\.sqlite$/

/**
 * Answers the backup methods from the store and the data folder. File names are chosen here,
 * never by the caller, so no input can write outside `<data folder>/backups/`.
 */
export async function answerBackup(store: EngineStore, dataDir: string, method: BackupMethod, now: Date): Promise<unknown> {
  const folder = join(dataDir, 'backups')
  if (method === 'system.listBackups') return listBackups(folder)
  if (!store.backup) throw new StorageError('This Routedesk keeps its data in memory only (no data folder), so there is nothing to back up')
  await mkdir(folder, { recursive: true })
  const fileName = `routedesk-backup-${now.toISOString().replace(/[:.]/g, '-')}.sqlite`
  const result = await store.backup(join(folder, fileName))
  const created: MethodOutput<'system.backup'> = { file_name: fileName, path: result.path, bytes: result.bytes, seq: result.seq, created_at: now.toISOString() }
  return created
}

async function listBackups(folder: string): Promise<MethodOutput<'system.listBackups'>> {
  let names: string[]
  try {
    names = await readdir(folder)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  const backups = await Promise.all(
    names.filter((name) => BACKUP_FILE.test(name)).map(async (name) => {
      const path = join(folder, name)
      const info = await stat(path)
      return { file_name: name, path, bytes: info.size, created_at: info.mtime.toISOString() }
    }),
  )
  return backups.sort((a, b) => b.created_at.localeCompare(a.created_at) || b.file_name.localeCompare(a.file_name))
}
