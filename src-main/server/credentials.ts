import { createHash, randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, writeFile, open } from 'node:fs/promises'
import { join } from 'node:path'
import { CredentialsAdminError, type CredentialsAdmin } from '../api/credentials'
import type { ApiKey, CredentialsView } from '../contract/credentials'

/** The local account the REST API authenticates, and the web UI's sign-in token. */
export interface Credentials {
  readonly accountSid: string
  readonly authToken: string
  readonly uiToken: string
  /** API keys that may sign in to REST instead (`SK…:secret`): SID -> SHA-256 digest of the secret. */
  readonly apiKeyDigests?: ReadonlyMap<string, Buffer>
}

const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/
const API_KEY_SID = /^SK[0-9a-fA-F]{32}$/
const FILE_VERSION = 2
/** More keys than an admin can tell apart; a guard against a runaway script. */
export const API_KEYS_MAX = 100

export class CredentialsError extends Error {}

/**
 * credentials.json, version 2. Version 1 had only the first three fields; it is migrated in
 * place on start-up, and the field names are kept so an older Routedesk still reads the file.
 * The Auth Token stays in clear (the file is mode 0600): it keys the HMAC of every callback's
 * X-Twilio-Signature, so it must be usable, and Settings can reveal it as Twilio's console does.
 * API key secrets are stored as SHA-256 digests only: they are 32 random bytes, so a fast hash
 * is enough (nothing to brute-force) and checking one costs microseconds per request.
 */
interface StoredFile {
  version: typeof FILE_VERSION
  accountSid: string
  authToken: string
  authTokenDateRotated: string | null
  uiToken: string
  apiKeys: StoredApiKey[]
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
 */
export class CredentialVault implements Credentials, CredentialsAdmin {
  private stored: StoredFile
  private digests = new Map<string, Buffer>()
  private saving: Promise<void> = Promise.resolve()

  constructor(
    readonly file: string,
    stored: StoredFile,
    private readonly overrides: { accountSid?: string; authToken?: string; uiToken?: string },
    /** True when a value was generated on this start (so the caller prints them). */
    readonly generated: boolean,
  ) {
    this.stored = stored
    this.indexKeys()
  }

  get accountSid(): string {
    return this.overrides.accountSid ?? this.stored.accountSid
  }

  get authToken(): string {
    return this.overrides.authToken ?? this.stored.authToken
  }

  get uiToken(): string {
    return this.overrides.uiToken ?? this.stored.uiToken
  }

  get apiKeyDigests(): ReadonlyMap<string, Buffer> {
    return this.digests
  }

  view(): CredentialsView {
    const token = this.authToken
    return {
      account_sid: this.accountSid,
      auth_token_masked: '•'.repeat(Math.max(0, token.length - 4)) + token.slice(-4),
      auth_token_source: this.overrides.authToken !== undefined ? 'environment' : 'file',
      auth_token_date_rotated: this.stored.authTokenDateRotated,
      api_keys: this.stored.apiKeys.map(apiKeyView),
    }
  }

  revealAuthToken(): { auth_token: string } {
    return { auth_token: this.authToken }
  }

  /** The new token works at once and the old one stops working; callbacks are signed with the new one. */
  async rotateAuthToken(): Promise<{ auth_token: string; auth_token_date_rotated: string }> {
    if (this.overrides.authToken !== undefined) {
      throw new CredentialsAdminError('The Auth Token is set by ROUTEDESK_AUTH_TOKEN: change that variable and restart to rotate it', 'conflict')
    }
    const next = await this.update((current) => ({ ...current, authToken: newAuthToken(), authTokenDateRotated: isoNow() }))
    return { auth_token: next.authToken, auth_token_date_rotated: next.authTokenDateRotated! }
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
      this.indexKeys()
      return next
    })
    this.saving = run.then(() => undefined, () => undefined)
    return run
  }

  private indexKeys(): void {
    this.digests = new Map(this.stored.apiKeys.map((key) => [key.sid, Buffer.from(key.secretSha256, 'hex')]))
  }
}

function apiKeyView(key: StoredApiKey): ApiKey {
  return { sid: key.sid, friendly_name: key.friendlyName, date_created: key.dateCreated, secret_hint: `${key.secretHint}…` }
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest()
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
    return typeof k.sid === 'string' && API_KEY_SID.test(k.sid) && typeof k.secretSha256 === 'string' && /^[0-9a-f]{64}$/.test(k.secretSha256) &&
      typeof k.friendlyName === 'string' && typeof k.dateCreated === 'string' && typeof k.secretHint === 'string'
  })
}

/**
 * Environment first (`ROUTEDESK_ACCOUNT_SID`, `ROUTEDESK_AUTH_TOKEN`, `ROUTEDESK_UI_TOKEN`),
 * then `credentials.json` in the data folder; whatever is missing is generated and stored
 * there (mode 0600) so restarts keep working links and SDK configurations. A version 1 file is
 * rewritten as version 2 with the same values.
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
  const fromEnvSid = env.ROUTEDESK_ACCOUNT_SID
  if (fromEnvSid !== undefined && !ACCOUNT_SID.test(fromEnvSid)) {
    throw new CredentialsError('ROUTEDESK_ACCOUNT_SID must be AC followed by 32 hexadecimal characters')
  }
  const envToken = env.ROUTEDESK_AUTH_TOKEN
  if (envToken !== undefined && envToken.length < 16) throw new CredentialsError('ROUTEDESK_AUTH_TOKEN must be at least 16 characters')
  const envUiToken = env.ROUTEDESK_UI_TOKEN
  if (envUiToken !== undefined && envUiToken.length < 16) throw new CredentialsError('ROUTEDESK_UI_TOKEN must be at least 16 characters')

  const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)
  const storedSid = text(raw.accountSid)
  const storedToken = text(raw.authToken)
  const storedUiToken = text(raw.uiToken)
  const stored: StoredFile = {
    version: FILE_VERSION,
    accountSid: storedSid && ACCOUNT_SID.test(storedSid) ? storedSid : 'AC' + randomBytes(16).toString('hex'),
    authToken: storedToken && storedToken.length >= 16 ? storedToken : newAuthToken(),
    authTokenDateRotated: text(raw.authTokenDateRotated) ?? null,
    uiToken: storedUiToken && storedUiToken.length >= 16 ? storedUiToken : randomBytes(24).toString('base64url'),
    apiKeys: readApiKeys(raw.apiKeys),
  }
  const generated = stored.accountSid !== storedSid || stored.authToken !== storedToken || stored.uiToken !== storedUiToken
  if (generated || raw.version !== FILE_VERSION) await writeDurably(file, stored)
  const overrides = {
    ...(fromEnvSid !== undefined ? { accountSid: fromEnvSid } : {}),
    ...(envToken !== undefined ? { authToken: envToken } : {}),
    ...(envUiToken !== undefined ? { uiToken: envUiToken } : {}),
  }
  return new CredentialVault(file, stored, overrides, generated && (fromEnvSid === undefined || envToken === undefined))
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
