import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { IncomingMessage } from 'node:http'
import { afterEach, describe, expect, it, vi } from 'vitest'
import twilio from 'twilio'
import { isRestAuthorized } from '../../src-main/server/auth'
import { loadCredentials, memoryCredentials, SESSIONS_MAX, type CredentialVault, type Credentials } from '../../src-main/server/credentials'
import { startTestServer } from './helpers'
import { LocalRequestClient, restError } from './sdk/sdkClient'
import { startReceiver } from './webhooks/receiver'

const dataDir = (): string => mkdtempSync(join(tmpdir(), 'routedesk-credentials-'))
const basic = (user: string, password: string): string => 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64')
const asRequest = (authorization: string | undefined): IncomingMessage => ({ headers: authorization === undefined ? {} : { authorization } }) as IncomingMessage

describe('credentials.json (version 3: no secret in clear)', () => {
  const read = (dir: string): string => readFileSync(join(dir, 'credentials.json'), 'utf8')

  it.each([
    ['version 1', { accountSid: 'AC' + '1'.repeat(32), authToken: 'v1-auth-token-0123456789', uiToken: 'v1-ui-token-0123456789' }],
    ['version 2', { version: 2, accountSid: 'AC' + '2'.repeat(32), authToken: 'v2-auth-token-0123456789', authTokenDateRotated: '2026-01-01T00:00:00Z', uiToken: 'v2-ui-token-0123456789', apiKeys: [] }],
  ])('rewrites a %s file hashed: the token keeps working and signing this run, and says it cannot be shown again', async (_version, old) => {
    const dir = dataDir()
    writeFileSync(join(dir, 'credentials.json'), JSON.stringify(old))
    const vault = await loadCredentials(dir, {})
    const text = read(dir)
    expect(JSON.parse(text)).toMatchObject({ version: 3, accountSid: old.accountSid, authTokenHint: old.authToken.slice(-4), sessions: [expect.objectContaining({ digest: expect.stringMatching(/^[0-9a-f]{64}$/) })] })
    expect(text).not.toContain(old.authToken)
    expect(text).not.toContain(old.uiToken)
    expect(statSync(join(dir, 'credentials.json')).mode & 0o777).toBe(0o600)
    expect({ sid: vault.accountSid, checks: vault.checkAuthToken(old.authToken), wrong: vault.checkAuthToken(old.authToken + 'x'), signs: vault.signingToken(), shown: vault.generatedAuthToken })
      .toEqual({ sid: old.accountSid, checks: true, wrong: false, signs: old.authToken, shown: undefined })
    expect(vault.notices.join(' ')).toMatch(/stored only as a hash.*rotate/)
    // A browser signed in with the old UI token (it was the cookie value) stays signed in.
    expect(vault.checkSession(old.uiToken)).toBe(true)
  })

  it('after a restart the hashed token still signs in, and callbacks wait until a client proves it', async () => {
    const dir = dataDir()
    const first = await loadCredentials(dir, {})
    const token = first.generatedAuthToken!
    const restarted = await loadCredentials(dir, {})
    expect(restarted.generatedAuthToken).toBeUndefined()
    expect(() => restarted.signingToken()).toThrow(/Callbacks wait for the Auth Token/)
    expect(restarted.notices.join(' ')).toMatch(/Callbacks wait/)
    expect(isRestAuthorized(asRequest(basic(restarted.accountSid, token)), restarted)).toBe(true)
    expect(restarted.signingToken()).toBe(token)
  })

  it('generates what is missing, shows the new Auth Token once, and never stores it or the login token', async () => {
    const dir = dataDir()
    const generated = await loadCredentials(dir, {})
    expect(generated.accountSid).toMatch(/^AC[0-9a-f]{32}$/)
    expect(generated.generatedAuthToken).toMatch(/^[0-9a-f]{32}$/)
    expect(read(dir)).not.toContain(generated.generatedAuthToken)
    expect(read(dir)).not.toContain(generated.loginToken)
    expect(generated.view().auth_token_masked).toBe('•'.repeat(28) + generated.generatedAuthToken!.slice(-4))
    // Each run has its own login token unless the environment fixes one.
    expect((await loadCredentials(dir, {})).loginToken).not.toBe(generated.loginToken)
    expect((await loadCredentials(dir, { ROUTEDESK_UI_TOKEN: 'env-ui-token-0123456789' })).checkLoginToken('env-ui-token-0123456789')).toBe(true)
  })

  it('lets the environment win over the file', async () => {
    const dir = dataDir()
    await loadCredentials(dir, {})
    const fromEnv = await loadCredentials(dir, { ROUTEDESK_AUTH_TOKEN: 'env-token-0123456789' })
    expect([fromEnv.checkAuthToken('env-token-0123456789'), fromEnv.signingToken(), fromEnv.view().auth_token_source, fromEnv.generatedAuthToken])
      .toEqual([true, 'env-token-0123456789', 'environment', undefined])
  })

  it('refuses a file written by a newer Routedesk instead of overwriting it', async () => {
    const dir = dataDir()
    writeFileSync(join(dir, 'credentials.json'), JSON.stringify({ version: 4 }))
    await expect(loadCredentials(dir, {})).rejects.toThrow(/version 4, written by a newer Routedesk/)
  })

  it('keeps browser sessions as hashes across restarts, the newest 50 at most', async () => {
    const dir = dataDir()
    const vault = await loadCredentials(dir, {})
    const session = await vault.openSession()
    expect(vault.checkSession(session)).toBe(true)
    expect(read(dir)).not.toContain(session)
    const restarted = await loadCredentials(dir, {})
    expect([restarted.checkSession(session), restarted.checkSession(session + 'x'), restarted.checkLoginToken(session)]).toEqual([true, false, false])
    for (let i = 0; i < SESSIONS_MAX; i++) await restarted.openSession()
    expect(restarted.checkSession(session)).toBe(false)
  })

  it('still signs a browser in, for this run, when credentials.json cannot be written', async () => {
    const dir = dataDir()
    const vault = await loadCredentials(dir, {})
    mkdirSync(join(dir, 'credentials.json.tmp')) // the durable write's temp file cannot be created
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const session = await vault.openSession()
    expect([vault.checkSession(session), warn.mock.calls.length]).toEqual([true, 1])
    warn.mockRestore()
    rmSync(join(dir, 'credentials.json.tmp'), { recursive: true })
    expect((await loadCredentials(dir, {})).checkSession(session)).toBe(false)
  })

  it('stores API key secrets only as SHA-256 digests and shows each secret once', async () => {
    const dir = dataDir()
    const vault = await loadCredentials(dir, {})
    const key = await vault.createApiKey('IVR')
    expect(key).toMatchObject({ sid: expect.stringMatching(/^SK[0-9a-f]{32}$/), friendly_name: 'IVR', secret_hint: `${key.secret.slice(0, 4)}…` })
    const text = read(dir)
    expect(text).not.toContain(key.secret)
    expect(vault.view().api_keys).toEqual([{ sid: key.sid, friendly_name: 'IVR', date_created: key.date_created, secret_hint: key.secret_hint }])
    expect(JSON.stringify(vault.view())).not.toContain(key.secret)
    // A restart reads the key back.
    const reloaded = await loadCredentials(dir, {})
    expect(isRestAuthorized(asRequest(basic(key.sid, key.secret)), reloaded)).toBe(true)
  })

  it('keeps every key when several are created at once (changes are applied one after the other)', async () => {
    const vault = await loadCredentials(dataDir(), {})
    const keys = await Promise.all(['A', 'B', 'C'].map((name) => vault.createApiKey(name)))
    expect(vault.view().api_keys.map((key) => key.friendly_name).sort()).toEqual(['A', 'B', 'C'])
    for (const key of keys) expect(isRestAuthorized(asRequest(basic(key.sid, key.secret)), vault)).toBe(true)
  })
})

describe('REST Basic auth (REFERENCE §2.1)', () => {
  const sid = 'AC' + 'a'.repeat(32)
  // An API key header can have exactly the length of the Account SID header: it must still be checked.
  const keySid = 'SK' + 'b'.repeat(32)
  const keySecret = 'k'.repeat(32)
  const credentials: Credentials = memoryCredentials({
    accountSid: sid,
    authToken: 't'.repeat(32),
    uiToken: 'u'.repeat(24),
    apiKeyDigests: new Map([[keySid, Buffer.from('e2f9bc2dcf6c7d1ae1f61f8bdf9b5eb9ea6e5fdcc3a2e2bb8f1e5b3d9cb3a7c4', 'hex')]]),
  })
  // The digest above is not of keySecret: a same-length key header with a wrong secret is refused.
  it.each([
    ['Account SID + Auth Token', basic(sid, 't'.repeat(32)), true],
    ['a wrong Auth Token', basic(sid, 'x'.repeat(32)), false],
    ['an unknown account', basic('AC' + 'c'.repeat(32), 't'.repeat(32)), false],
    ['an API key with a wrong secret (same header length)', basic(keySid, keySecret), false],
    ['an unknown API key', basic('SK' + 'd'.repeat(32), keySecret), false],
    ['no colon', 'Basic ' + Buffer.from('nothing').toString('base64'), false],
    ['non-ASCII of the expected length (never a 500)', 'Basic ' + 'é'.repeat(basic(sid, 't'.repeat(32)).length - 6), false],
    ['Bearer', 'Bearer abc', false],
    ['the right token again (the cached header)', basic(sid, 't'.repeat(32)), true],
    ['no header', undefined, false],
  ])('%s -> %s', (_name, header, allowed) => {
    expect(isRestAuthorized(asRequest(header), credentials)).toBe(allowed)
  })
})

describe('credentials.* over dispatch and the twilio SDK with API keys', () => {
  let close: (() => Promise<void>) | undefined
  afterEach(async () => {
    await close?.()
    close = undefined
  })

  async function start(): Promise<{ origin: string; vault: CredentialVault; call: Awaited<ReturnType<typeof startTestServer>>['dispatch'] }> {
    const vault = await loadCredentials(dataDir(), {})
    const server = await startTestServer({ vault })
    close = server.close
    return { origin: server.origin, vault, call: server.dispatch }
  }

  const sdk = (origin: string, user: string, password: string, accountSid?: string): ReturnType<typeof twilio> =>
    twilio(user, password, { httpClient: new LocalRequestClient(origin), ...(accountSid ? { accountSid } : {}) })

  it('an API key signs the official SDK in until it is revoked', async () => {
    const { origin, vault, call } = await start()
    const created = await call('apiKeys.create', { friendly_name: 'Chat server' })
    if (!created.ok) throw new Error(created.error.message)
    const withKey = sdk(origin, created.data.sid, created.data.secret, vault.accountSid)
    const workspace = await withKey.taskrouter.v1.workspaces.create({ friendlyName: 'Via API key' })
    expect(workspace.friendlyName).toBe('Via API key')

    const listed = await call('credentials.get', {})
    expect(listed.ok && listed.data.api_keys.map((key) => key.sid)).toEqual([created.data.sid])
    expect(await call('apiKeys.revoke', { sid: created.data.sid })).toEqual({ ok: true, data: { deleted: true } })
    const refused = await restError(() => withKey.taskrouter.v1.workspaces.list())
    expect({ status: refused.status, code: refused.code }).toEqual({ status: 401, code: 20003 })

    const again = await call('apiKeys.revoke', { sid: created.data.sid })
    expect(again.ok ? null : { code: again.error.code, status: again.error.status }).toEqual({ code: 20404, status: 404 })
  })

  it('a rotated Auth Token works at once and the old one stops working', async () => {
    const { origin, vault, call } = await start()
    const oldToken = vault.generatedAuthToken!
    const before = sdk(origin, vault.accountSid, oldToken)
    await before.taskrouter.v1.workspaces.list()
    const rotated = await call('credentials.rotate', {})
    if (!rotated.ok) throw new Error(rotated.error.message)
    expect(rotated.data.auth_token).not.toBe(oldToken)
    expect(rotated.data.auth_token_date_rotated).toMatch(/Z$/)
    const refused = await restError(() => before.taskrouter.v1.workspaces.list())
    expect(refused.status).toBe(401)
    expect(await sdk(origin, vault.accountSid, rotated.data.auth_token).taskrouter.v1.workspaces.list()).toEqual([])
    // Durable: after a restart the new token (and only it) signs in.
    const restarted = await loadCredentials(join(vault.file, '..'), {})
    expect([restarted.checkAuthToken(rotated.data.auth_token), restarted.checkAuthToken(oldToken)]).toEqual([true, false])
    expect(vault.view().auth_token_masked.endsWith(rotated.data.auth_token.slice(-4))).toBe(true)
  })

  it('"sign out every browser" forgets every web UI session for good and closes their live streams', async () => {
    const { origin, vault, call } = await start()
    const sessions = [await vault.openSession(), await vault.openSession()]
    const cookie = `routedesk_session=${encodeURIComponent(sessions[0]!)}`
    const rpcStatus = async (): Promise<number> => (await fetch(`${origin}/rpc/workspaces.list`, { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/json' }, body: '{}' })).status
    expect(await rpcStatus()).toBe(200)
    const live = await fetch(`${origin}/live`, { headers: { Cookie: cookie } })
    expect(live.status).toBe(200)
    const streamEnded = live.body!.pipeTo(new WritableStream()).then(() => 'ended', () => 'ended')

    expect(await call('sessions.revokeAll', {})).toEqual({ ok: true, data: { signed_out: 2 } })
    expect(await streamEnded).toBe('ended')
    expect(sessions.map((session) => vault.checkSession(session))).toEqual([false, false])
    expect(await rpcStatus()).toBe(401)
    // Durable: a restart does not bring them back; a new sign-in works as before.
    const restarted = await loadCredentials(join(vault.file, '..'), {})
    expect(sessions.map((session) => restarted.checkSession(session))).toEqual([false, false])
    expect(vault.checkSession(await vault.openSession())).toBe(true)
  })

  it('signs event callbacks with the rotated token from the next delivery on (decision 14)', async () => {
    const receiver = await startReceiver()
    const vault = await loadCredentials(dataDir(), {})
    const server = await startTestServer({ vault, webhooks: { baseDelayMs: 20 } })
    close = async () => {
      await server.close()
      await receiver.close()
    }
    const url = `${receiver.origin}/events`
    const client = sdk(server.origin, vault.accountSid, vault.generatedAuthToken!)
    const ws = (await client.taskrouter.v1.workspaces.create({ friendlyName: 'Signed', eventCallbackUrl: url })).sid
    const firstToken = vault.generatedAuthToken!
    await client.taskrouter.v1.workspaces(ws).workers.create({ friendlyName: 'Before' })
    await receiver.waitFor((received) => received.some((r) => r.params.WorkerName === 'Before'))
    const rotated = await server.dispatch('credentials.rotate', {})
    if (!rotated.ok) throw new Error(rotated.error.message)
    await sdk(server.origin, vault.accountSid, rotated.data.auth_token).taskrouter.v1.workspaces(ws).workers.create({ friendlyName: 'After' })
    const all = await receiver.waitFor((received) => received.some((r) => r.params.WorkerName === 'After'))
    const signedWith = (name: string, token: string): boolean => {
      const request = all.find((r) => r.params.WorkerName === name && r.params.EventType === 'worker.created')!
      return twilio.validateRequest(token, String(request.headers['x-twilio-signature']), url, request.params)
    }
    expect([signedWith('Before', firstToken), signedWith('After', rotated.data.auth_token), signedWith('After', firstToken)]).toEqual([true, true, false])
  })

  it('validates input and refuses to rotate a token that the environment sets', async () => {
    const { call } = await start()
    const bad = await call('apiKeys.create', { friendly_name: '' })
    expect(bad.ok ? null : { code: bad.error.code, param: bad.error.param }).toEqual({ code: 20001, param: 'friendly_name' })
    const unknownSid = await call('apiKeys.revoke', { sid: 'SK123' })
    expect(unknownSid.ok ? null : unknownSid.error.param).toBe('sid')

    const envVault = await loadCredentials(dataDir(), { ROUTEDESK_AUTH_TOKEN: 'env-token-0123456789' })
    await expect(envVault.rotateAuthToken()).rejects.toThrow(/ROUTEDESK_AUTH_TOKEN/)
  })

  it('answers 503 when no vault is wired (the methods belong to the server that owns credentials.json)', async () => {
    const server = await startTestServer()
    close = server.close
    const result = await server.dispatch('credentials.get', {})
    expect(result.ok ? null : { code: result.error.code, status: result.error.status }).toEqual({ code: 20503, status: 503 })
  })
})
