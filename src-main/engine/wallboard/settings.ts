import type { MethodParsedInput } from '../../contract/methods'
import type { WallboardSettings } from '../../contract/wallboard'
import { isoSeconds } from '../clock'
import type { EngineContext } from '../configuration/context'
import { createDocument, listDocuments, updateDocument } from '../configuration/documents'
import type { WorkspaceState } from '../configuration/workspaceState'
import type { DocumentRecord, Outcome } from '../model'

/** Document kind of the workspace's wallboard settings (at most one per workspace). */
export const SETTINGS_KIND = 'wallboard_settings'

interface SettingsBody {
  sharing_enabled: boolean
}

function settingsDocument(state: WorkspaceState): DocumentRecord | undefined {
  return listDocuments(state, SETTINGS_KIND)[0]
}

/** Sharing on the LAN is off until an admin turns it on. */
export function isSharingEnabled(state: WorkspaceState): boolean {
  const body = settingsDocument(state)?.body as Partial<SettingsBody> | undefined
  return body?.sharing_enabled === true
}

export function getSettings(ctx: EngineContext, input: MethodParsedInput<'wallboardSettings.get'>): WallboardSettings {
  const state = ctx.workspace(input.workspace_sid)
  return settingsView(state, settingsDocument(state))
}

export function updateSettings(ctx: EngineContext, input: MethodParsedInput<'wallboardSettings.update'>): Outcome<WallboardSettings> {
  const state = ctx.workspace(input.workspace_sid)
  const current = settingsDocument(state)
  const body: SettingsBody = { sharing_enabled: input.sharing_enabled }
  const tx = ctx.begin()
  const document = current ? updateDocument(state, tx, current, { body }) : createDocument(state, tx, { kind: SETTINGS_KIND, name: 'wallboard', body })
  return tx.outcome(settingsView(state, document))
}

function settingsView(state: WorkspaceState, document: DocumentRecord | undefined): WallboardSettings {
  return {
    workspace_sid: state.sid,
    sharing_enabled: isSharingEnabled(state),
    date_updated: document ? isoSeconds(document.date_updated) : null,
  }
}
