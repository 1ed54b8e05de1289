import { z } from 'zod'
import { friendlyName } from './inputs'

/**
 * The local account's REST credentials (REFERENCE §2.1): the Account SID + Auth Token pair and
 * API keys (`SK…` + secret) that may sign in instead. They are not engine state: the server
 * that owns credentials.json answers these methods (see api/credentials.ts).
 */
export const apiKeySid = z.string().regex(/^SK[0-9a-fA-F]{32}$/, { message: 'must be an SK SID (SK followed by 32 hexadecimal characters)' })

export const ApiKeySchema = z.object({
  sid: z.string(),
  friendly_name: z.string(),
  date_created: z.string(),
  /** The secret's first characters, so an admin can tell keys apart; the secret itself is never stored. */
  secret_hint: z.string(),
})
export type ApiKey = z.infer<typeof ApiKeySchema>

export const CredentialsViewSchema = z.object({
  account_sid: z.string(),
  /** The Auth Token's last 4 characters behind a mask (the token itself is stored only as a hash). */
  auth_token_masked: z.string(),
  /** `environment`: ROUTEDESK_AUTH_TOKEN sets it, so it cannot be rotated from here. */
  auth_token_source: z.enum(['file', 'environment']),
  auth_token_date_rotated: z.string().nullable(),
  api_keys: z.array(ApiKeySchema),
})
export type CredentialsView = z.infer<typeof CredentialsViewSchema>

export const credentialsMethods = {
  'credentials.get': { input: z.strictObject({}), output: CredentialsViewSchema },
  /**
   * A new Auth Token takes effect at once: the old one stops working and callbacks are signed
   * with the new one. The answer is the only time the token is shown.
   */
  'credentials.rotate': {
    input: z.strictObject({}),
    output: z.object({ auth_token: z.string(), auth_token_date_rotated: z.string() }),
  },
  /** The secret is in this answer only: it is stored as a SHA-256 digest. */
  'apiKeys.create': {
    input: z.strictObject({ friendly_name: friendlyName }),
    output: ApiKeySchema.extend({ secret: z.string() }),
  },
  'apiKeys.revoke': { input: z.strictObject({ sid: apiKeySid }), output: z.object({ deleted: z.literal(true) }) },
  /**
   * Signs out every browser signed in to the web UI (the caller's too): their sessions are
   * forgotten and their live streams closed; each signs in again with the login link Routedesk
   * prints. REST clients and the desktop window are not affected.
   */
  'sessions.revokeAll': { input: z.strictObject({}), output: z.object({ signed_out: z.number().int() }) },
} as const

export type CredentialsMethodName = keyof typeof credentialsMethods
