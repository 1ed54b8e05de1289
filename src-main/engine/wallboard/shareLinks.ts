import { ErrorCode } from '../../contract/errors'
import type { MethodOutput, MethodParsedInput } from '../../contract/methods'
import { SidPrefix } from '../../contract/sids'
import type { ShareLink } from '../../contract/wallboard'
import { isoSeconds } from '../clock'
import type { EngineContext } from '../configuration/context'
import { createDocument, deleteDocument, getDocument, listDocuments, updateDocument } from '../configuration/documents'
import { EngineError } from '../errors'
import type { DocumentRecord, Outcome } from '../model'
import { LAYOUT_KIND } from './layouts'
import { isSharingEnabled } from './settings'
import { sha256Hex } from './sha256'

/** Document kind of read-only wallboard links; `name` says which TV it is for. */
export const SHARE_LINK_KIND = 'share_link'

/** Only the token's SHA-256 is stored: a copied database or backup opens no wallboard. */
interface ShareLinkBody {
  token_hash: string
  layout_sid: string | null
  revoked_at: number | null
}

/**
 * A share token was unknown, revoked, or its workspace has sharing turned off. One error for
 * all three, so a guesser learns nothing about which tokens exist (401 / 20003).
 */
export class ShareLinkRefusedError extends EngineError {
  readonly code = ErrorCode.Unauthorized
}

export function listShareLinks(ctx: EngineContext, input: MethodParsedInput<'shareLinks.list'>): ShareLink[] {
  return listDocuments(ctx.workspace(input.workspace_sid), SHARE_LINK_KIND).map(shareLinkView)
}

/**
 * A new link with a fresh 256-bit token, drawn from the engine's id generator (the Web Crypto
 * pool in production). The answer is the only place the token ever appears.
 */
export function createShareLink(ctx: EngineContext, input: MethodParsedInput<'shareLinks.create'>): Outcome<MethodOutput<'shareLinks.create'>> {
  const state = ctx.workspace(input.workspace_sid)
  const layoutSid = input.layout_sid ?? null
  if (layoutSid !== null) getDocument(state, LAYOUT_KIND, layoutSid, 'wallboard layout', 'layout_sid')
  const tx = ctx.begin()
  const token = (tx.ids.sid(SidPrefix.Document).slice(2) + tx.ids.sid(SidPrefix.Document).slice(2)).toLowerCase()
  const body: ShareLinkBody = { token_hash: sha256Hex(token), layout_sid: layoutSid, revoked_at: null }
  const document = createDocument(state, tx, { kind: SHARE_LINK_KIND, name: input.name, body })
  return tx.outcome({ link: shareLinkView(document), token, path: `/share/${token}/` })
}

/** Revoking is immediate and final: the server re-checks the token on every request and stream. */
export function revokeShareLink(ctx: EngineContext, input: MethodParsedInput<'shareLinks.revoke'>): Outcome<ShareLink> {
  const state = ctx.workspace(input.workspace_sid)
  const current = getDocument(state, SHARE_LINK_KIND, input.sid, 'share link')
  const body = bodyOf(current)
  const tx = ctx.begin()
  if (body.revoked_at !== null) return tx.outcome(shareLinkView(current))
  return tx.outcome(shareLinkView(updateDocument(state, tx, current, { body: { ...body, revoked_at: tx.now } })))
}

export function deleteShareLink(ctx: EngineContext, input: MethodParsedInput<'shareLinks.delete'>): Outcome<{ deleted: true }> {
  const state = ctx.workspace(input.workspace_sid)
  getDocument(state, SHARE_LINK_KIND, input.sid, 'share link')
  const tx = ctx.begin()
  deleteDocument(state, tx, input.sid)
  return tx.outcome({ deleted: true })
}

/** The workspace (and layout) a token opens, or ShareLinkRefusedError. */
export function authorizeShareLink(ctx: EngineContext, input: MethodParsedInput<'shareLinks.authorize'>): MethodOutput<'shareLinks.authorize'> {
  const hash = sha256Hex(input.token)
  for (const state of ctx.workspaces.values()) {
    for (const document of state.documents.values()) {
      if (document.kind !== SHARE_LINK_KIND) continue
      const body = bodyOf(document)
      if (body.token_hash !== hash) continue
      if (body.revoked_at !== null || !isSharingEnabled(state)) break
      return { workspace_sid: state.sid, link_sid: document.sid, layout_sid: body.layout_sid }
    }
  }
  throw new ShareLinkRefusedError('This wallboard link is not valid: it was revoked, or sharing is turned off', 'token')
}

function bodyOf(document: DocumentRecord): ShareLinkBody {
  const body = document.body as Partial<ShareLinkBody>
  return {
    token_hash: typeof body.token_hash === 'string' ? body.token_hash : '',
    layout_sid: typeof body.layout_sid === 'string' ? body.layout_sid : null,
    revoked_at: typeof body.revoked_at === 'number' ? body.revoked_at : null,
  }
}

function shareLinkView(document: DocumentRecord): ShareLink {
  const body = bodyOf(document)
  return {
    sid: document.sid,
    workspace_sid: document.workspace_sid,
    name: document.name,
    layout_sid: body.layout_sid,
    revoked: body.revoked_at !== null,
    date_created: isoSeconds(document.date_created),
    date_revoked: body.revoked_at === null ? null : isoSeconds(body.revoked_at),
  }
}
