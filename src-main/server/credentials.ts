import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, writeFile, open } from 'node:fs/promises'
import { join } from 'node:path'

/** The local account the REST API authenticates, and the web UI's sign-in token. */
export interface Credentials {
  accountSid: string
  authToken: string
  uiToken: string
}

export interface LoadedCredentials extends Credentials {
  /** True when any value was generated on this start (so the caller prints them). */
  generated: boolean
  file: string
}

const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/

export class CredentialsError extends Error {}

/**
 * Environment first (`ROUTEDESK_ACCOUNT_SID`, `ROUTEDESK_AUTH_TOKEN`, `ROUTEDESK_UI_TOKEN`),
 * then `credentials.json` in the data folder; whatever is missing is generated and stored
 * there (mode 0600) so restarts keep working links and SDK configurations.
 */
export async function loadCredentials(dataDir: string, env: NodeJS.ProcessEnv = process.env): Promise<LoadedCredentials> {
  const file = join(dataDir, 'credentials.json')
  await mkdir(dataDir, { recursive: true })
  let stored: Partial<Credentials> = {}
  try {
    stored = JSON.parse(await readFile(file, 'utf8')) as Partial<Credentials>
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

  const persisted: Credentials = {
    accountSid: stored.accountSid && ACCOUNT_SID.test(stored.accountSid) ? stored.accountSid : 'AC' + randomBytes(16).toString('hex'),
    authToken: stored.authToken && stored.authToken.length >= 16 ? stored.authToken : randomBytes(16).toString('hex'),
    uiToken: stored.uiToken && stored.uiToken.length >= 16 ? stored.uiToken : randomBytes(24).toString('base64url'),
  }
  const generated = persisted.accountSid !== stored.accountSid || persisted.authToken !== stored.authToken || persisted.uiToken !== stored.uiToken
  if (generated) {
    const temp = `${file}.tmp`
    await writeFile(temp, JSON.stringify(persisted, null, 2), { mode: 0o600 })
    const handle = await open(temp, 'r')
    await handle.sync()
    await handle.close()
    await rename(temp, file)
  }
  return {
    accountSid: fromEnvSid ?? persisted.accountSid,
    authToken: envToken ?? persisted.authToken,
    uiToken: envUiToken ?? persisted.uiToken,
    generated: generated && (fromEnvSid === undefined || envToken === undefined),
    file,
  }
}
