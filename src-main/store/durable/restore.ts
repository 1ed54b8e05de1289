import { mkdir, readFile, readdir, rename } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { StorageError } from '../port'
import { errorMessage } from '../sqljs/migrations'
import { SqljsDatabase } from '../sqljs/sqljsDatabase'
import { syncDir } from './fileSystem'
import { SNAPSHOT_FILE, writeFileAtomically } from './snapshotFile'

export interface RestoreResult {
  /** Where the data folder's previous files were moved (nothing is deleted). */
  previousDataMovedTo: string | null
  /** The restored copy's last journal sequence number. */
  seq: number
  bytes: number
}

/** The data folder's own files: the snapshot, its temp file and the journal segments. */
const DATA_FILE = /^(routedesk\.sqlite(\.tmp)?|journal-\d{16}\.log)$/

/**
 * Replaces the data in `dataDir` with a backup written by `EngineStore.backup` (the server must
 * not be running). The backup is checked first (it must open as a Routedesk database this
 * version understands), then the folder's current snapshot and journal are moved aside into
 * `before-restore-<time>/` rather than deleted, and the backup becomes the snapshot.
 */
export async function restoreBackup(dataDir: string, backupFile: string, now = new Date()): Promise<RestoreResult> {
  let bytes: Uint8Array
  try {
    bytes = await readFile(backupFile)
  } catch (error) {
    throw new StorageError(`Cannot read the backup ${backupFile}: ${errorMessage(error)}`, error)
  }
  let seq: number
  try {
    const db = await SqljsDatabase.open(bytes)
    seq = db.journalSeq()
    db.close()
  } catch (error) {
    throw new StorageError(`${backupFile} is not a usable Routedesk backup (${errorMessage(error)}); nothing was changed.`, error)
  }

  await mkdir(dataDir, { recursive: true })
  const current = (await readdir(dataDir)).filter((name) => DATA_FILE.test(name))
  let movedTo: string | null = null
  if (current.length > 0) {
    movedTo = join(dataDir, `before-restore-${now.toISOString().replace(/[:.]/g, '-')}`)
    await mkdir(movedTo)
    for (const name of current) await rename(join(dataDir, name), join(movedTo, basename(name)))
    await syncDir(movedTo)
    await syncDir(dataDir)
  }
  await writeFileAtomically(join(dataDir, SNAPSHOT_FILE), bytes)
  return { previousDataMovedTo: movedTo, seq, bytes: bytes.length }
}
