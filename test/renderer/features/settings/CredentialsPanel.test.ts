import { afterEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import type { VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import type { ApiKey, CredentialsView } from '@contract'
import { installTransport } from '@renderer/app/api'
import CredentialsPanel from '@renderer/features/settings/CredentialsPanel.vue'
import { hostFor } from '../../fakes/host'
import { createFakeTransport, fail } from '../../fakes/fakeTransport'
import type { FakeTransport } from '../../fakes/fakeTransport'

const ACCOUNT = 'AC' + '1'.repeat(32)
const TOKEN = '0123456789abcdef0123456789abcdef'
let wrapper: VueWrapper | null = null
const byTestId = (id: string): HTMLElement | null => document.body.querySelector(`[data-testid="${id}"]`)
const text = (id: string): string => byTestId(id)?.textContent?.trim() ?? ''
async function click(id: string): Promise<void> {
  const element = byTestId(id)
  expect(element, id).not.toBeNull()
  element!.click()
  await flushPromises()
}

/** A fake credentials backend with the server's rules: secrets shown once, rotation replaces the token. */
function backend(source: CredentialsView['auth_token_source'] = 'file'): { transport: FakeTransport; state: { token: string; keys: ApiKey[]; refuseSignOut: boolean } } {
  const state = { token: TOKEN, keys: [] as ApiKey[], rotated: null as string | null, refuseSignOut: false }
  const view = (): CredentialsView => ({
    account_sid: ACCOUNT,
    auth_token_masked: '•'.repeat(28) + state.token.slice(-4),
    auth_token_source: source,
    auth_token_date_rotated: state.rotated,
    api_keys: state.keys.map((key) => ({ ...key })),
  })
  const transport = createFakeTransport({
    'credentials.get': view,
    'credentials.rotate': () => {
      state.token = 'fedcba9876543210fedcba9876543210'
      state.rotated = '2026-11-22T10:00:00Z'
      return { auth_token: state.token, auth_token_date_rotated: state.rotated }
    },
    'apiKeys.create': (input) => {
      if (state.keys.length >= 2) throw fail({ message: 'At most 2 API keys in this fake', param: 'friendly_name' })
      const key = { sid: 'SK' + String(state.keys.length + 1).padStart(32, '0'), friendly_name: String(input.friendly_name), date_created: '2026-11-22T10:00:00Z', secret_hint: 'abcd…' }
      state.keys.push(key)
      return { ...key, secret: 'abcdSECRETvalue0123456789abcdef' }
    },
    'sessions.revokeAll': () => {
      if (state.refuseSignOut) throw fail({ code: 20503, status: 503, message: 'Cannot write credentials.json: disk full' })
      return { signed_out: 3 }
    },
    'apiKeys.revoke': (input) => {
      state.keys = state.keys.filter((key) => key.sid !== input.sid)
      return { deleted: true }
    },
  })
  return { transport, state }
}

async function mountPanel(source: CredentialsView['auth_token_source'] = 'file', refuseSignOut = false): Promise<FakeTransport> {
  const { transport, state } = backend(source)
  state.refuseSignOut = refuseSignOut
  installTransport(transport)
  const pinia = createPinia()
  setActivePinia(pinia)
  wrapper = mount(hostFor(CredentialsPanel), { global: { plugins: [pinia] }, attachTo: document.body })
  await flushPromises()
  return transport
}

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  document.body.innerHTML = ''
})

describe('CredentialsPanel', () => {
  it('shows the Account SID and a masked Auth Token that cannot be revealed (it is stored as a hash)', async () => {
    const transport = await mountPanel()
    expect(text('credentials-account-sid')).toBe(ACCOUNT)
    expect(text('credentials-token')).toBe('•'.repeat(28) + 'cdef')
    expect(text('credentials-token-hashed')).toContain('rotate it to get a new token')
    expect([byTestId('credentials-reveal'), byTestId('credentials-copy-token')]).toEqual([null, null])
    expect(transport.calls.map((c) => c.method)).toEqual(['credentials.get'])
  })

  it('rotates the token only after the confirmation, and shows the new one', async () => {
    const transport = await mountPanel()
    await click('credentials-rotate')
    expect(transport.calls.some((c) => c.method === 'credentials.rotate')).toBe(false)
    expect(byTestId('confirm-dialog')?.textContent).toContain('401')
    await click('confirm-ok')
    expect(transport.calls.filter((c) => c.method === 'credentials.rotate')).toHaveLength(1)
    expect(text('credentials-token')).toBe('fedcba9876543210fedcba9876543210')
    expect(text('credentials-token-once')).toContain('Copy it now')
    expect(byTestId('credentials-copy-token')).not.toBeNull()
    expect(wrapper!.text()).toContain('Last rotated 2026-11-22T10:00:00Z')
  })

  it('cannot rotate a token that ROUTEDESK_AUTH_TOKEN sets', async () => {
    await mountPanel('environment')
    expect((byTestId('credentials-rotate') as HTMLButtonElement).disabled).toBe(true)
    expect(text('credentials-token-env')).toContain('ROUTEDESK_AUTH_TOKEN')
  })

  it('creates an API key, shows its secret once, lists it and revokes it after a confirmation', async () => {
    const transport = await mountPanel()
    expect(byTestId('credentials-no-keys')).not.toBeNull()
    const input = byTestId('credentials-key-name') as HTMLInputElement
    input.value = 'Chat server'
    input.dispatchEvent(new Event('input'))
    await flushPromises()
    await click('credentials-create-key')
    expect(text('credentials-new-secret')).toBe('abcdSECRETvalue0123456789abcdef')
    const sid = 'SK' + '1'.padStart(32, '0')
    expect(byTestId(`credentials-key-${sid}`)?.textContent).toContain('Chat server')
    expect(byTestId('credentials-keys')?.textContent).not.toContain('SECRET')

    await click(`credentials-revoke-${sid}`)
    expect(transport.calls.some((c) => c.method === 'apiKeys.revoke')).toBe(false)
    await click('confirm-ok')
    expect(transport.calls.find((c) => c.method === 'apiKeys.revoke')?.input).toEqual({ sid })
    expect(byTestId(`credentials-key-${sid}`)).toBeNull()
    expect(byTestId('credentials-new-key')).toBeNull()
  })

  it.each([
    ['an empty name, before calling the server', [''], 0],
    ['a server refusal', ['One', 'Two', 'Three'], 3],
  ])('shows %s next to the name field', async (_case, names, calls) => {
    const transport = await mountPanel()
    for (const name of names) {
      const input = byTestId('credentials-key-name') as HTMLInputElement
      input.value = name
      input.dispatchEvent(new Event('input'))
      await flushPromises()
      await click('credentials-create-key')
    }
    expect(text('credentials-key-error')).not.toBe('')
    expect(transport.calls.filter((c) => c.method === 'apiKeys.create')).toHaveLength(calls)
  })

  it('signs out every browser only after a confirmation that says who is affected', async () => {
    const transport = await mountPanel()
    await click('credentials-sign-out-all')
    expect(transport.calls.some((c) => c.method === 'sessions.revokeAll')).toBe(false)
    expect(byTestId('confirm-dialog')?.textContent).toMatch(/this one too.*desktop window and REST clients .* are not affected/s)
    await click('confirm-ok')
    expect(transport.calls.filter((c) => c.method === 'sessions.revokeAll')).toHaveLength(1)
    expect(document.body.textContent).toContain('3 browsers signed out')
  })

  it('keeps the dialog open with the reason when signing out fails', async () => {
    await mountPanel('file', true)
    await click('credentials-sign-out-all')
    await click('confirm-ok')
    expect(byTestId('confirm-dialog')?.textContent).toContain('disk full')
  })

  it('says why when the credentials cannot be loaded', async () => {
    installTransport(createFakeTransport({}))
    const pinia = createPinia()
    setActivePinia(pinia)
    wrapper = mount(hostFor(CredentialsPanel), { global: { plugins: [pinia] }, attachTo: document.body })
    await flushPromises()
    expect(text('credentials-error')).toContain('no fake for credentials.get')
  })
})
