import { credentialsMethods, type CredentialsMethodName } from '../contract/credentials'
import { apiError, ErrorCode, type ApiError } from '../contract/errors'
import type { MethodOutput, MethodParsedInput } from '../contract/methods'

/**
 * The `credentials.*` methods. Credentials are not engine state: the process that owns
 * credentials.json (server/credentials.ts) implements this port and `dispatch` forwards the
 * calls to it, the way it answers `system.info` itself.
 */
export interface CredentialsAdmin {
  view(): MethodOutput<'credentials.get'>
  rotateAuthToken(): Promise<MethodOutput<'credentials.rotate'>>
  createApiKey(friendlyName: string): Promise<MethodOutput<'apiKeys.create'>>
  /** Throws CredentialsAdminError (NotFound) for an unknown key. */
  revokeApiKey(sid: string): Promise<MethodOutput<'apiKeys.revoke'>>
  /** Forgets every web UI session and closes their live streams. */
  revokeAllSessions(): Promise<MethodOutput<'sessions.revokeAll'>>
}

/** A refusal the admin port explains (unknown key, a token set by the environment). */
export class CredentialsAdminError extends Error {
  constructor(message: string, readonly kind: 'not-found' | 'conflict' | 'unavailable', readonly param?: string) {
    super(message)
  }
}

export function isCredentialsMethod(method: string): method is CredentialsMethodName {
  return Object.hasOwn(credentialsMethods, method)
}

/** Runs one validated `credentials.*` call against the admin port (absent: nothing to manage here). */
export async function answerCredentials(admin: CredentialsAdmin | undefined, method: CredentialsMethodName, input: unknown): Promise<unknown> {
  if (!admin) throw new CredentialsAdminError('This Routedesk has no local REST credentials to manage', 'unavailable')
  switch (method) {
    case 'credentials.get':
      return admin.view()
    case 'credentials.rotate':
      return admin.rotateAuthToken()
    case 'apiKeys.create':
      return admin.createApiKey((input as MethodParsedInput<'apiKeys.create'>).friendly_name)
    case 'apiKeys.revoke':
      return admin.revokeApiKey((input as MethodParsedInput<'apiKeys.revoke'>).sid)
    case 'sessions.revokeAll':
      return admin.revokeAllSessions()
  }
}

const codeOf = { 'not-found': ErrorCode.NotFound, conflict: ErrorCode.InvalidRequest, unavailable: ErrorCode.StorageUnavailable } as const

/** The ApiError for a CredentialsAdminError (undefined for anything else). */
export function credentialsApiError(error: unknown): ApiError | undefined {
  if (!(error instanceof CredentialsAdminError)) return undefined
  return apiError(codeOf[error.kind], error.message, error.param ? { param: error.param } : {})
}
