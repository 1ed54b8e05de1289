import { SidPrefix } from '../../contract/sids'
import { NotFoundError } from '../errors'
import type { DocumentRecord } from '../model'
import type { Transaction } from '../transaction'
import type { WorkspaceState } from './workspaceState'

/**
 * The generic store of Routedesk-only documents (model.ts `DocumentRecord`). Features build
 * their commands on these four functions and validate `body` with their own schema; this module
 * only keeps rows, revisions and the change set right.
 */

export interface NewDocument {
  kind: string
  name: string
  parent_sid?: string
  body: unknown
}

/** Documents of one kind (optionally of one parent), oldest first. */
export function listDocuments(state: WorkspaceState, kind: string, parentSid?: string): DocumentRecord[] {
  const found: DocumentRecord[] = []
  for (const document of state.documents.values()) {
    if (document.kind === kind && (parentSid === undefined || document.parent_sid === parentSid)) found.push(document)
  }
  return found.sort((a, b) => a.date_created - b.date_created || a.sid.localeCompare(b.sid))
}

export function findDocument(state: WorkspaceState, kind: string, sid: string): DocumentRecord | undefined {
  const document = state.documents.get(sid)
  return document && document.kind === kind ? document : undefined
}

/** A document of `kind`, or a 20404 naming `what` (e.g. "workflow version"). */
export function getDocument(state: WorkspaceState, kind: string, sid: string, what: string, param = 'sid'): DocumentRecord {
  const document = findDocument(state, kind, sid)
  if (!document) throw new NotFoundError(`The requested ${what} ${sid} was not found`, param)
  return document
}

export function createDocument(state: WorkspaceState, tx: Transaction, input: NewDocument): DocumentRecord {
  const record: DocumentRecord = {
    sid: tx.ids.sid(SidPrefix.Document),
    workspace_sid: state.sid,
    kind: input.kind,
    name: input.name,
    parent_sid: input.parent_sid ?? '',
    body: input.body,
    date_created: tx.now,
    date_updated: tx.now,
    revision: 1,
  }
  state.documents.set(record.sid, record)
  tx.put('documents', record)
  return record
}

/** Replaces name and/or body of an existing document, bumping its revision. */
export function updateDocument(state: WorkspaceState, tx: Transaction, current: DocumentRecord, patch: { name?: string; body?: unknown }): DocumentRecord {
  const record: DocumentRecord = {
    ...current,
    name: patch.name ?? current.name,
    body: patch.body === undefined ? current.body : patch.body,
    date_updated: tx.now,
    revision: current.revision + 1,
  }
  state.documents.set(record.sid, record)
  tx.put('documents', record)
  return record
}

export function deleteDocument(state: WorkspaceState, tx: Transaction, sid: string): void {
  if (!state.documents.delete(sid)) return
  tx.delete('documents', sid)
}
