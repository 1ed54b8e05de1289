import type { ImportProgress } from '@contract'
import { call } from '@renderer/app/api'

/** Characters per upload part: well under the web transport's 2 MiB body, even when JSON-escaped. */
export const UPLOAD_PART_CHARS = 400_000

export type TransferPhase = 'reading' | 'uploading' | 'validating' | 'creating' | 'done'

export interface TransferProgress {
  phase: TransferPhase
  /** 0..1 within the whole import (upload counts for the first 30%). */
  fraction: number
  detail: string
}

/**
 * The workspace as a file name and its JSON text (workspaces.export).
 *
 * @example
 * const { filename, text } = await exportWorkspaceFile('WS…', 'Support')
 */
export async function exportWorkspaceFile(workspaceSid: string, workspaceName: string): Promise<{ filename: string; text: string; workers: number }> {
  const file = await call('workspaces.export', { workspace_sid: workspaceSid })
  const slug = workspaceName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'workspace'
  return { filename: `routedesk-${slug}-${file.exported_at.slice(0, 10)}.json`, text: JSON.stringify(file, null, 2), workers: file.workers.length }
}

/**
 * Imports an export file's text as a new workspace: uploads it in parts, lets the server
 * validate it and create the configuration, then creates the workers step by step, reporting
 * progress after each call.
 *
 * @throws ApiCallError: a validation error's `param` says where (`workers.12.attributes`) and
 * `details.problems` lists up to 20 problems.
 */
export async function importWorkspaceFile(text: string, onProgress: (progress: TransferProgress) => void, friendlyName?: string): Promise<ImportProgress> {
  let importId: string | undefined
  for (let at = 0; at < text.length || importId === undefined; at += UPLOAD_PART_CHARS) {
    const part = await call('workspaceImports.upload', { ...(importId ? { import_id: importId } : {}), text: text.slice(at, at + UPLOAD_PART_CHARS) })
    importId = part.import_id
    const sent = Math.min(text.length, at + UPLOAD_PART_CHARS)
    onProgress({ phase: 'uploading', fraction: 0.3 * (text.length ? sent / text.length : 1), detail: `Uploaded ${Math.round(sent / 1024)} of ${Math.round(text.length / 1024)} KB` })
  }
  onProgress({ phase: 'validating', fraction: 0.3, detail: 'Checking the file and creating the configuration…' })
  let progress = await call('workspaceImports.start', { import_id: importId, ...(friendlyName ? { friendly_name: friendlyName } : {}) })
  const report = (p: ImportProgress): void =>
    onProgress({ phase: p.done ? 'done' : 'creating', fraction: 0.3 + 0.7 * (p.workers_total ? p.workers_done / p.workers_total : 1), detail: `Created ${p.workers_done.toLocaleString()} of ${p.workers_total.toLocaleString()} workers` })
  report(progress)
  while (!progress.done) {
    progress = await call('workspaceImports.continue', { import_id: importId })
    report(progress)
  }
  return progress
}

/** The problems of a refused import file (`details.problems`), or none. */
export function importProblems(details: unknown): Array<{ path: string; message: string }> {
  const problems = (details as { problems?: unknown } | undefined)?.problems
  if (!Array.isArray(problems)) return []
  return problems.filter((p): p is { path: string; message: string } => typeof p === 'object' && p !== null && typeof (p as { path?: unknown }).path === 'string' && typeof (p as { message?: unknown }).message === 'string')
}
