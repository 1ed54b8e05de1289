import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { mkdir, readFile, rename, writeFile, open } from 'node:fs/promises'
import { join } from 'node:path'
import { CredentialsAdminError, type CredentialsAdmin } from '../api/credentials'
import type { ApiKey, CredentialsView } from '../contract/credentials'
import { AUTH_TOKEN_NEEDED } from '../contract/webhooks'

/**
 * What the HTTP server needs to authenticate requests. No secret is readable through it: each
 * presented value is checked against what is stored (hashes on disk, plaintexts only where the
 * process was given them).
 */
export interface Credentials {
  readonly accountSid: string
  /** Constant-time check of a presented Auth Token. */
  checkAuthToken(candidate: string): boolean
  /** Changes when the Auth Token does, so a cache of verified Authorization headers can tell. */
  readonly authTokenVersion: string
  /** API keys that may sign in to REST instead (`SK…:secret`): SID -> SHA-256 digest of the secret. */
  readonly apiKeyDigests?: ReadonlyMap<string, Buffer>
  /** The web UI's login token of this run (`/?token=…`), exchanged once per browser for a session. */
  checkLoginToken(candidate: string): boolean
  /** A new browser session: the cookie value (only its hash is kept). */
  openSession(): Promise<string>
  checkSession(cookieValue: string): boolean
  /** Calls `listener` when every session is revoked (live streams close); returns the unsubscribe function. */
  onSessionsRevoked(listener: () => void): () => void
}

const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/
const API_KEY_SID = /^SK[0-9a-fA-F]{32}$/
const HEX_DIGEST = /^[0-9a-f]{64}$/
const FILE_VERSION = 3
/** More keys than an admin can tell apart; a guard against a runaway script. */
export const API_KEYS_MAX = 100
/** Browsers signed in at once; the oldest session is signed out beyond this. */
export const SESSIONS_MAX = 50

export class CredentialsError extends Error {}

/**
 * credentials.json, version 3 (mode 0600). No secret is stored in clear:
 * - the Auth Token as an HMAC-SHA-256 digest keyed by a per-file salt, plus its last 4
 *   characters so Settings can show which token is current;
 * - API key secrets as SHA-256 digests (they are 24 random bytes: nothing to brute-force);
 * - browser sessions as SHA-256 digests of their cookie values.
 * The web UI's login token is not stored at all: each run makes its own (or takes
 * ROUTEDESK_UI_TOKEN). Versions 1 and 2 kept the Auth Token and the UI token in clear; they
 * are rewritten as version 3 on first load (see migrate()).
 */
interface StoredFile {
  version: typeof FILE_VERSION
  accountSid: string
  salt: string
  authTokenDigest: string
  authTokenHint: string
  authTokenDateRotated: string | null
  sessions: StoredSession[]
  apiKeys: StoredApiKey[]
}

interface StoredSession {
  digest: string
  dateCreated: string
}

interface StoredApiKey {
  sid: string
  friendlyName: string
  dateCreated: string
  secretSha256: string
  secretHint: string
}

type Env = Readonly<Record<string, string | undefined>>

/**
 * The credentials of this Routedesk and the admin port the `credentials.*` methods use.
 * Environment variables win over the file and cannot be changed from here.
 *
 * The Auth Token's plaintext is also the key of every callback's X-Twilio-Signature, so the
 * process keeps it in memory once it has it: from ROUTEDESK_AUTH_TOKEN, from a generation or
 * rotation in this run, from a v1/v2 file being migrated, or from the first REST request that
 * proves it. `signingToken()` says when it has none yet.
 */
export class CredentialVault implements Credentials, CredentialsAdmin {
  private stored: StoredFile
  private digests = new Map<string, Buffer>()
  private sessionDigests = new Set<string>()
  /** Sessions opened while credentials.json could not be written (see openSession). */
  private readonly runSessionDigests = new Set<string>()
  private readonly revocationListeners = new Set<() => void>()
  private saving: Promise<void> = Promise.resolve()
  private knownAuthToken: string | undefined

  constructor(
    readonly file: string,
    stored: StoredFile,
    private readonly overrides: { accountSid?: string; authToken?: string; uiToken?: string },
    /** The Auth Token generated on this start (shown once by the caller), else undefined. */
    readonly generatedAuthToken: string | undefined,
    /** What the caller should tell the admin about this load (a migration, a token it cannot sign with). */
    readonly notices: readonly string[],
    knownAuthToken: string | undefined,
    /** The login token of this run: ROUTEDESK_UI_TOKEN, else random and never stored. */
    readonly loginToken: string = overrides.uiToken ?? randomBytes(24).toString('base64url'),
  ) {
    this.stored = stored
    this.knownAuthToken = overrides.authToken ?? knownAuthToken
    this.index()
  }

  get accountSid(): string {
    return this.overrides.accountSid ?? this.stored.accountSid
  }

  get authTokenVersion(): string {
    return this.overrides.authToken !== undefined ? 'environment' : this.stored.authTokenDigest
  }

  get apiKeyDigests(): ReadonlyMap<string, Buffer> {
    return this.digests
  }

  checkAuthToken(candidate: string): boolean {
    if (this.overrides.authToken !== undefined) return safeEqual(candidate, this.overrides.authToken)
    const matches = timingSafeEqual(authTokenDigest(this.stored.salt, candidate), Buffer.from(this.stored.authTokenDigest, 'hex'))
    // A client proved the token: callbacks can be signed again after a restart.
    if (matches) this.knownAuthToken ??= candidate
    return matches
  }

  /**
   * The key of X-Twilio-Signature. Throws until this process knows the plaintext (the delivery
   * is retried with backoff, so callbacks wait rather than go out with a wrong signature).
   */
  signingToken(): string {
    if (this.knownAuthToken === undefined) throw new CredentialsError(UNSIGNABLE)
    return this.knownAuthToken
  }

  checkLoginToken(candidate: string): boolean {
    return safeEqual(candidate, this.loginToken)
  }

  /**
   * Kept across restarts; when credentials.json cannot be written (a full or read-only disk) the
   * browser still signs in, for this run only, rather than being locked out of the app that
   * would explain the problem.
   */
  async openSession(): Promise<string> {
    const value = randomBytes(32).toString('base64url')
    const session: StoredSession = { digest: sha256(value).toString('hex'), dateCreated: isoNow() }
    try {
      await this.update((current) => ({ ...current, sessions: [...current.sessions, session].slice(-SESSIONS_MAX) }))
    } catch (error) {
      console.warn(`[routedesk] browser session kept for this run only: ${(error as Error).message}`)
      this.runSessionDigests.add(session.digest)
    }
    return value
  }

  checkSession(cookieValue: string): boolean {
    // A lookup by the digest of a 256-bit random value: timing tells nothing usable.
    const digest = sha256(cookieValue).toString('hex')
    return this.sessionDigests.has(digest) || this.runSessionDigests.has(digest)
  }

  onSessionsRevoked(listener: () => void): () => void {
    this.revocationListeners.add(listener)
    return () => this.revocationListeners.delete(listener)
  }

  /** Durable first (a restart must not bring a revoked session back), then in effect. */
  async revokeAllSessions(): Promise<{ signed_out: number }> {
    let signedOut = this.runSessionDigests.size
    await this.update((current) => {
      signedOut += current.sessions.length
      return { ...current, sessions: [] }
    })
    this.runSessionDigests.clear()
    for (const listener of [...this.revocationListeners]) listener()
    return { signed_out: signedOut }
  }

  view(): CredentialsView {
    const fromEnvironment = this.overrides.authToken !== undefined
    const hint = fromEnvironment ? this.overrides.authToken!.slice(-4) : this.stored.authTokenHint
    return {
      account_sid: this.accountSid,
      auth_token_masked: '•'.repeat(28) + hint,
      auth_token_source: fromEnvironment ? 'environment' : 'file',
      auth_token_date_rotated: this.stored.authTokenDateRotated,
      api_keys: this.stored.apiKeys.map(apiKeyView),
    }
  }

  /** The new token works at once and the old one stops working; callbacks are signed with the new one. */
  async rotateAuthToken(): Promise<{ auth_token: string; auth_token_date_rotated: string }> {
    if (this.overrides.authToken !== undefined) {
      throw new CredentialsAdminError('The Auth Token is set by ROUTEDESK_AUTH_TOKEN: change that variable and restart to rotate it', 'conflict')
    }
    const token = newAuthToken()
    const next = await this.update((current) => ({ ...current, ...hashedAuthToken(current.salt, token), authTokenDateRotated: isoNow() }))
    this.knownAuthToken = token
    return { auth_token: token, auth_token_date_rotated: next.authTokenDateRotated! }
  }

  async createApiKey(friendlyName: string): Promise<ApiKey & { secret: string }> {
    const secret = randomBytes(24).toString('base64url')
    const key: StoredApiKey = {
      sid: 'SK' + randomBytes(16).toString('hex'),
      friendlyName,
      dateCreated: isoNow(),
      secretSha256: sha256(secret).toString('hex'),
      secretHint: secret.slice(0, 4),
    }
    await this.update((current) => {
      if (current.apiKeys.length >= API_KEYS_MAX) throw new CredentialsAdminError(`At most ${API_KEYS_MAX} API keys: revoke one first`, 'conflict', 'friendly_name')
      return { ...current, apiKeys: [...current.apiKeys, key] }
    })
    return { ...apiKeyView(key), secret }
  }

  async revokeApiKey(sid: string): Promise<{ deleted: true }> {
    await this.update((current) => {
      if (!current.apiKeys.some((key) => key.sid === sid)) throw new CredentialsAdminError(`The requested API key ${sid} was not found`, 'not-found', 'sid')
      return { ...current, apiKeys: current.apiKeys.filter((key) => key.sid !== sid) }
    })
    return { deleted: true }
  }

  /**
   * One change at a time, each applied to the result of the previous one (two API keys created
   * at once both stay). Durable first, then in effect: a crash never leaves a secret in use that
   * the file does not know.
   */
  private update(change: (current: StoredFile) => StoredFile): Promise<StoredFile> {
    const run = this.saving.then(async () => {
      const next = change(this.stored)
      try {
        await writeDurably(this.file, next)
      } catch (error) {
        throw new CredentialsAdminError(`Cannot write ${this.file}: ${(error as Error).message}`, 'unavailable')
      }
      this.stored = next
      this.index()
      return next
    })
    this.saving = run.then(() => undefined, () => undefined)
    return run
  }

  private index(): void {
    this.digests = new Map(this.stored.apiKeys.map((key) => [key.sid, Buffer.from(key.secretSha256, 'hex')]))
    this.sessionDigests = new Set(this.stored.sessions.map((session) => session.digest))
  }
}

const UNSIGNABLE =
  `${AUTH_TOKEN_NEEDED}: it is stored only as a hash, so this run cannot sign X-Twilio-Signature until a client signs in to REST with it, ROUTEDESK_AUTH_TOKEN sets it, or it is rotated in Settings`

/** Constant-time string comparison (hashing first makes the lengths equal). */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(sha256(a), sha256(b))
}

function apiKeyView(key: StoredApiKey): ApiKey {
  return { sid: key.sid, friendly_name: key.friendlyName, date_created: key.dateCreated, secret_hint: `${key.secretHint}…` }
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest()
}

function authTokenDigest(salt: string, token: string): Buffer {
  return createHmac('sha256', Buffer.from(salt, 'hex')).update(token).digest()
}

function hashedAuthToken(salt: string, token: string): Pick<StoredFile, 'authTokenDigest' | 'authTokenHint'> {
  return { authTokenDigest: authTokenDigest(salt, token).toString('hex'), authTokenHint: token.slice(-4) }
}

function newAuthToken(): string {
  return randomBytes(16).toString('hex')
}

function isoNow(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** Only well-formed keys survive a hand-edited file. */
function readApiKeys(value: unknown): StoredApiKey[] {
  if (!Array.isArray(value)) return []
  return value.filter((key): key is StoredApiKey => {
    if (key === null || typeof key !== 'object') return false
    const k = key as Record<string, unknown>
    return typeof k.sid === 'string' && API_KEY_SID.test(k.sid) && typeof k.secretSha256 === 'string' && HEX_DIGEST.test(k.secretSha256) &&
      typeof k.friendlyName === 'string' && typeof k.dateCreated === 'string' && typeof k.secretHint === 'string'
  })
}

function readSessions(value: unknown): StoredSession[] {
  if (!Array.isArray(value)) return []
  return value.filter((session): session is StoredSession => {
    if (session === null || typeof session !== 'object') return false
    const s = session as Record<string, unknown>
    return typeof s.digest === 'string' && HEX_DIGEST.test(s.digest) && typeof s.dateCreated === 'string'
  }).slice(-SESSIONS_MAX)
}

interface LoadedFile {
  stored: StoredFile
  /** A plaintext Auth Token found in (or generated for) the file: known to this run only. */
  plainAuthToken: string | undefined
  generatedAuthToken: string | undefined
  rewrite: boolean
  notices: string[]
}

/**
 * Reads any version into version 3. Versions 1 and 2 are hashed on first load: the Auth Token
 * stays usable for this run (callbacks keep their signatures) but can no longer be shown, and
 * the old UI token becomes a session, so browsers that were signed in with it stay signed in.
 */
function migrate(raw: Record<string, unknown>, file: string): LoadedFile {
  const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)
  const notices: string[] = []
  const storedSid = text(raw.accountSid)
  const salt = text(raw.salt) && /^[0-9a-f]{32}$/.test(text(raw.salt)!) ? text(raw.salt)! : randomBytes(16).toString('hex')
  const sessions = readSessions(raw.sessions)
  let plainAuthToken: string | undefined
  let generatedAuthToken: string | undefined
  let token: Pick<StoredFile, 'authTokenDigest' | 'authTokenHint'>
  const digest = text(raw.authTokenDigest)
  const legacyToken = text(raw.authToken)
  if (raw.version === FILE_VERSION && digest && HEX_DIGEST.test(digest) && text(raw.salt) === salt) {
    token = { authTokenDigest: digest, authTokenHint: text(raw.authTokenHint) ?? '' }
  } else if (legacyToken && legacyToken.length >= 16) {
    plainAuthToken = legacyToken
    token = hashedAuthToken(salt, legacyToken)
    notices.push(
      `${file} upgraded to version ${FILE_VERSION}: the Auth Token (…${legacyToken.slice(-4)}) is now stored only as a hash. It keeps working; ` +
        'Settings can no longer show it, so rotate it there if you need to read it again (the new token is shown once).',
    )
  } else {
    generatedAuthToken = newAuthToken()
    plainAuthToken = generatedAuthToken
    token = hashedAuthToken(salt, generatedAuthToken)
  }
  const legacyUiToken = text(raw.uiToken)
  if (legacyUiToken && legacyUiToken.length >= 16) sessions.push({ digest: sha256(legacyUiToken).toString('hex'), dateCreated: isoNow() })
  const stored: StoredFile = {
    version: FILE_VERSION,
    accountSid: storedSid && ACCOUNT_SID.test(storedSid) ? storedSid : 'AC' + randomBytes(16).toString('hex'),
    salt,
    ...token,
    authTokenDateRotated: text(raw.authTokenDateRotated) ?? null,
    sessions: sessions.slice(-SESSIONS_MAX),
    apiKeys: readApiKeys(raw.apiKeys),
  }
  const rewrite = raw.version !== FILE_VERSION || stored.accountSid !== storedSid || generatedAuthToken !== undefined || legacyUiToken !== undefined
  return { stored, plainAuthToken, generatedAuthToken, rewrite, notices }
}

/**
 * Environment first (`ROUTEDESK_ACCOUNT_SID`, `ROUTEDESK_AUTH_TOKEN`, `ROUTEDESK_UI_TOKEN`),
 * then `credentials.json` in the data folder; whatever is missing is generated and stored
 * there (hashed, mode 0600) so restarts keep working SDK configurations and browser sessions.
 */
export async function loadCredentials(dataDir: string, env: Env = process.env): Promise<CredentialVault> {
  const file = join(dataDir, 'credentials.json')
  await mkdir(dataDir, { recursive: true })
  let raw: Record<string, unknown> = {}
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'))
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) raw = parsed as Record<string, unknown>
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new CredentialsError(`Cannot read ${file}: ${(error as Error).message}`)
  }
  if (typeof raw.version === 'number' && raw.version > FILE_VERSION) {
    throw new CredentialsError(`${file} is version ${raw.version}, written by a newer Routedesk; this one reads up to version ${FILE_VERSION}`)
  }
  const fromEnvSid = env.ROUTEDESK_ACCOUNT_SID
  if (fromEnvSid !== undefined && !ACCOUNT_SID.test(fromEnvSid)) {
    throw new CredentialsError('ROUTEDESK_ACCOUNT_SID must be AC followed by 32 hexadecimal characters')
  }
  const envToken = env.ROUTEDESK_AUTH_TOKEN
  if (envToken !== undefined && envToken.length < 16) throw new CredentialsError('ROUTEDESK_AUTH_TOKEN must be at least 16 characters')
  const envUiToken = env.ROUTEDESK_UI_TOKEN
  if (envUiToken !== undefined && envUiToken.length < 16) throw new CredentialsError('ROUTEDESK_UI_TOKEN must be at least 16 characters')

  const loaded = migrate(raw, file)
  if (loaded.rewrite) await writeDurably(file, loaded.stored)
  const overrides = {
    ...(fromEnvSid !== undefined ? { accountSid: fromEnvSid } : {}),
    ...(envToken !== undefined ? { authToken: envToken } : {}),
    ...(envUiToken !== undefined ? { uiToken: envUiToken } : {}),
  }
  const notices = [...loaded.notices]
  if (envToken === undefined && loaded.plainAuthToken === undefined) notices.push(UNSIGNABLE + '.')
  const shownToken = envToken === undefined ? loaded.generatedAuthToken : undefined
  return new CredentialVault(file, loaded.stored, overrides, shownToken, notices, loaded.plainAuthToken)
}

/**
 * Credentials held in memory only (tests, embedders that manage secrets themselves): a fixed
 * Auth Token and login token, sessions that end with the process.
 */
export function memoryCredentials(values: { accountSid: string; authToken: string; uiToken: string; apiKeyDigests?: ReadonlyMap<string, Buffer> }): Credentials {
  const sessions = new Set<string>()
  return {
    accountSid: values.accountSid,
    authTokenVersion: sha256(values.authToken).toString('hex'),
    ...(values.apiKeyDigests ? { apiKeyDigests: values.apiKeyDigests } : {}),
    checkAuthToken: (candidate) => safeEqual(candidate, values.authToken),
    checkLoginToken: (candidate) => safeEqual(candidate, values.uiToken),
    openSession: () => {
      const value = randomBytes(32).toString('base64url')
      sessions.add(sha256(value).toString('hex'))
      return Promise.resolve(value)
    },
    checkSession: (cookieValue) => sessions.has(sha256(cookieValue).toString('hex')),
    // No admin port here (revokeAllSessions is the vault's): nothing ever revokes these sessions.
    onSessionsRevoked: () => () => undefined,
  }
}

/** Same-folder temp file, fsync, rename: the file is either the old or the new version, never torn. */
async function writeDurably(file: string, content: StoredFile): Promise<void> {
  const temp = `${file}.tmp`
  await writeFile(temp, JSON.stringify(content, null, 2), { mode: 0o600 })
  const handle = await open(temp, 'r')
  await handle.sync()
  await handle.close()
  await rename(temp, file)
}
