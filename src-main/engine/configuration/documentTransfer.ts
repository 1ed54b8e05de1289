import { SidPrefix } from '../../contract/sids'
import type { DocumentRecord, Outcome } from '../model'
import type { EngineContext } from './context'
import { deleteDocument, listDocuments } from './documents'

/** A document as a workspace export carries it, references already pointing at the new workspace. */
export type RestoredDocument = Omit<DocumentRecord, 'sid' | 'workspace_sid'>

/**
 * Writes documents back into a workspace (workspace import). For each (kind, parent) the file
 * has, the documents the new workspace already made (the "Created" version of an imported
 * workflow) give way to the file's, so history reads as it was exported. Dates and revisions
 * are kept; SIDs are fresh. Bodies are the owning features' business: each reads them with
 * its own schema, as it does for rows written by an older Routedesk.
 *
 * @example
 * const { result: sids } = restoreDocuments(ctx, 'WS…', [{ kind: 'wallboard_layout', name: 'Floor', parent_sid: '', body, date_created, date_updated, revision: 1 }])
 */
export function restoreDocuments(ctx: EngineContext, workspaceSid: string, documents: readonly RestoredDocument[]): Outcome<string[]> {
  const state = ctx.workspace(workspaceSid)
  const tx = ctx.begin()
  const owners = new Set(documents.map((document) => ownerKey(document.kind, document.parent_sid)))
  for (const owner of owners) {
    const [kind, parentSid] = JSON.parse(owner) as [string, string]
    for (const existing of listDocuments(state, kind, parentSid)) deleteDocument(state, tx, existing.sid)
  }
  const sids = documents.map((document) => {
    const record: DocumentRecord = { sid: tx.ids.sid(SidPrefix.Document), workspace_sid: workspaceSid, ...document }
    state.documents.set(record.sid, record)
    tx.put('documents', record)
    return record.sid
  })
  return tx.outcome(sids)
}

/** The documents of the given kinds, oldest first (workspace export). */
export function documentsOfKinds(ctx: EngineContext, workspaceSid: string, kinds: readonly string[]): DocumentRecord[] {
  const state = ctx.workspace(workspaceSid)
  return kinds.flatMap((kind) => listDocuments(state, kind))
}

function ownerKey(kind: string, parentSid: string): string {
  return JSON.stringify([kind, parentSid])
}
