import type { MethodName, MethodOutput, MethodParsedInput } from '../../contract/methods'
import type { EngineContext } from '../configuration/context'
import type { Outcome } from '../model'
import { liveStats } from '../statistics/liveStats'
import { agentGrid, agentTiles } from './agents'
import { createLayout, deleteLayout, getLayout, listLayouts, updateLayout } from './layouts'
import { getSettings, updateSettings } from './settings'
import { authorizeShareLink, createShareLink, deleteShareLink, listShareLinks, revokeShareLink } from './shareLinks'

/**
 * The wallboard's engine methods (contract/wallboard.ts), spread into engine.ts's tables.
 * Layouts, the sharing switch and share links are documents (configuration/documents.ts).
 */
type Query<M extends MethodName> = (ctx: EngineContext, input: MethodParsedInput<M>) => MethodOutput<M>
type Command<M extends MethodName> = (ctx: EngineContext, input: MethodParsedInput<M>) => Outcome<MethodOutput<M>>

export const wallboardQueries: { [M in MethodName]?: Query<M> } = {
  'stats.live': liveStats,
  'wallboardLayouts.list': listLayouts,
  'wallboardLayouts.get': getLayout,
  'wallboardAgents.get': agentGrid,
  'wallboardAgents.tiles': agentTiles,
  'wallboardSettings.get': getSettings,
  'shareLinks.list': listShareLinks,
  'shareLinks.authorize': authorizeShareLink,
}

export const wallboardCommands: { [M in MethodName]?: Command<M> } = {
  'wallboardLayouts.create': createLayout,
  'wallboardLayouts.update': updateLayout,
  'wallboardLayouts.delete': deleteLayout,
  'wallboardSettings.update': updateSettings,
  'shareLinks.create': createShareLink,
  'shareLinks.revoke': revokeShareLink,
  'shareLinks.delete': deleteShareLink,
}
