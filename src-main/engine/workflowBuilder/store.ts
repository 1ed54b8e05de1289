import { z } from 'zod'
import type { WorkflowDraft, WorkflowSample, WorkflowVersion } from '../../contract/workflowBuilder'
import { WorkflowVersionSourceSchema } from '../../contract/workflowBuilder'
import { isoSeconds } from '../clock'
import { createDocument, deleteDocument, listDocuments } from '../configuration/documents'
import type { WorkspaceState } from '../configuration/workspaceState'
import type { DocumentRecord, WorkflowRecord } from '../model'
import type { Transaction } from '../transaction'

/**
 * The builder's documents (configuration/documents.ts), all with the workflow SID as parent:
 * one draft per workflow, its immutable versions, and saved sample attributes. Bodies are
 * validated on read so a hand-edited database cannot feed the UI garbage.
 */
export const DocumentKind = {
  Draft: 'workflow_draft',
  Version: 'workflow_version',
  Sample: 'workflow_sample',
} as const

const DraftBody = z.object({ configuration: z.string(), based_on_version: z.number().int().nullable() })
const VersionBody = z.object({
  version: z.number().int().min(1),
  message: z.string(),
  source: WorkflowVersionSourceSchema,
  rolled_back_from: z.number().int().nullable(),
  configuration: z.string(),
})
const SampleBody = z.object({ attributes: z.string() })

export type DraftBody = z.infer<typeof DraftBody>
export type VersionBody = z.infer<typeof VersionBody>

export function draftBody(document: DocumentRecord): DraftBody {
  return DraftBody.parse(document.body)
}

export function findDraft(state: WorkspaceState, workflowSid: string): DocumentRecord | undefined {
  return listDocuments(state, DocumentKind.Draft, workflowSid)[0]
}

/** Stored versions of a workflow, oldest first (by version number). */
export function storedVersions(state: WorkspaceState, workflowSid: string): Array<{ document: DocumentRecord; body: VersionBody }> {
  return listDocuments(state, DocumentKind.Version, workflowSid)
    .map((document) => ({ document, body: VersionBody.parse(document.body) }))
    .sort((a, b) => a.body.version - b.body.version)
}

export function versionView(workflowSid: string, document: DocumentRecord, body: VersionBody): WorkflowVersion {
  return { sid: document.sid, workflow_sid: workflowSid, ...body, date_created: isoSeconds(document.date_created) }
}

/** Version 1 of a workflow created before versions existed: its current configuration, not stored yet. */
export function implicitBaseline(workflow: WorkflowRecord): WorkflowVersion {
  return {
    sid: null,
    workflow_sid: workflow.sid,
    version: 1,
    message: BASELINE_MESSAGE,
    source: 'baseline',
    rolled_back_from: null,
    configuration: workflow.configuration,
    date_created: isoSeconds(workflow.date_updated),
  }
}

export const BASELINE_MESSAGE = 'Configuration before versioning'

/** Every version of a workflow, oldest first, the implicit baseline included when none is stored. */
export function allVersions(state: WorkspaceState, workflow: WorkflowRecord): WorkflowVersion[] {
  const stored = storedVersions(state, workflow.sid)
  if (stored.length === 0) return [implicitBaseline(workflow)]
  return stored.map(({ document, body }) => versionView(workflow.sid, document, body))
}

export function latestVersionNumber(state: WorkspaceState, workflow: WorkflowRecord): number {
  const versions = storedVersions(state, workflow.sid)
  return versions.length === 0 ? 1 : versions[versions.length - 1]!.body.version
}

/**
 * Records the configuration the workflow now has as its next version. A workflow without
 * stored versions first gets its previous configuration stored as version 1, so history
 * starts where versioning started instead of losing what was there.
 */
export function recordVersion(
  state: WorkspaceState,
  tx: Transaction,
  workflow: WorkflowRecord,
  entry: { message: string; source: VersionBody['source']; rolled_back_from?: number; previousConfiguration?: string },
): WorkflowVersion {
  const stored = storedVersions(state, workflow.sid)
  let next = stored.length === 0 ? 1 : stored[stored.length - 1]!.body.version + 1
  if (stored.length === 0 && entry.previousConfiguration !== undefined) {
    writeVersion(state, tx, workflow.sid, { version: 1, message: BASELINE_MESSAGE, source: 'baseline', rolled_back_from: null, configuration: entry.previousConfiguration })
    next = 2
  }
  const body: VersionBody = { version: next, message: entry.message, source: entry.source, rolled_back_from: entry.rolled_back_from ?? null, configuration: workflow.configuration }
  return versionView(workflow.sid, writeVersion(state, tx, workflow.sid, body), body)
}

function writeVersion(state: WorkspaceState, tx: Transaction, workflowSid: string, body: VersionBody): DocumentRecord {
  return createDocument(state, tx, { kind: DocumentKind.Version, name: `v${body.version}`, parent_sid: workflowSid, body })
}

export function draftView(state: WorkspaceState, workflow: WorkflowRecord): WorkflowDraft {
  const document = findDraft(state, workflow.sid)
  if (!document) {
    return { workflow_sid: workflow.sid, configuration: workflow.configuration, based_on_version: latestVersionNumber(state, workflow), revision: 0, exists: false, changed: false, date_updated: null }
  }
  const body = draftBody(document)
  return {
    workflow_sid: workflow.sid,
    configuration: body.configuration,
    based_on_version: body.based_on_version,
    revision: document.revision,
    exists: true,
    changed: body.configuration !== workflow.configuration,
    date_updated: isoSeconds(document.date_updated),
  }
}

export function sampleView(document: DocumentRecord): WorkflowSample {
  return {
    sid: document.sid,
    workflow_sid: document.parent_sid,
    name: document.name,
    attributes: SampleBody.parse(document.body).attributes,
    date_created: isoSeconds(document.date_created),
    date_updated: isoSeconds(document.date_updated),
  }
}

export function sampleBody(attributes: string): z.infer<typeof SampleBody> {
  return { attributes }
}

/** Removes every builder document of a workflow (when the workflow is deleted). */
export function deleteWorkflowDocuments(state: WorkspaceState, tx: Transaction, workflowSid: string): void {
  for (const kind of Object.values(DocumentKind)) {
    for (const document of listDocuments(state, kind, workflowSid)) deleteDocument(state, tx, document.sid)
  }
}
