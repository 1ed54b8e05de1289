import { open } from 'node:fs/promises'

/**
 * The file operations the journal's write path needs, as a seam: production uses node:fs, tests
 * inject failures (ENOSPC, EIO, EROFS) that cannot be provoked on a real disk as root.
 */
export interface JournalFile {
  /** Appends all of `data` (looping over short writes) at the end of the file. */
  append(data: Uint8Array): Promise<void>
  /** Makes everything appended so far durable (fdatasync). */
  datasync(): Promise<void>
  close(): Promise<void>
}

export interface JournalFs {
  /** Opens a segment for appending, creating it if needed. */
  openAppend(path: string): Promise<JournalFile>
  /** fsyncs a directory, so a created, renamed or removed entry survives a crash. */
  syncDir(dir: string): Promise<void>
}

export const nodeJournalFs: JournalFs = {
  async openAppend(path: string): Promise<JournalFile> {
    const handle = await open(path, 'a')
    return {
      async append(data: Uint8Array): Promise<void> {
        let offset = 0
        while (offset < data.length) {
          const { bytesWritten } = await handle.write(data, offset, data.length - offset)
          offset += bytesWritten
        }
      },
      datasync: () => handle.datasync(),
      close: () => handle.close(),
    }
  },
  syncDir,
}

export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}
