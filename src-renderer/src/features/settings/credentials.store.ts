import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ApiKey, CredentialsView } from '@contract'
import { call, errorMessage } from '@renderer/app/api'

/**
 * The REST credentials of this Routedesk (Account SID, Auth Token, API keys). The server keeps
 * the Auth Token only as a hash, so its plaintext exists here only right after a rotation
 * (`revealedToken`, shown once); a new API key's secret lives in `newKey` until dismissed.
 */
export const useCredentialsStore = defineStore('credentials', () => {
  const view = ref<CredentialsView | null>(null)
  const status = ref<'idle' | 'loading' | 'ready' | 'error'>('idle')
  const loadError = ref<string | null>(null)
  const revealedToken = ref<string | null>(null)
  const newKey = ref<(ApiKey & { secret: string }) | null>(null)

  async function load(): Promise<void> {
    status.value = 'loading'
    try {
      view.value = await call('credentials.get', {})
      status.value = 'ready'
      loadError.value = null
    } catch (error) {
      status.value = 'error'
      loadError.value = errorMessage(error)
    }
  }

  /** The new token is shown at once: every client must be given it. @throws ApiCallError */
  async function rotate(): Promise<string> {
    const rotated = await call('credentials.rotate', {})
    revealedToken.value = rotated.auth_token
    await load()
    return rotated.auth_token
  }

  /** @throws ApiCallError (`param: 'friendly_name'`) */
  async function createKey(friendlyName: string): Promise<void> {
    newKey.value = await call('apiKeys.create', { friendly_name: friendlyName })
    await load()
  }

  function dismissNewKey(): void {
    newKey.value = null
  }

  /** @throws ApiCallError */
  async function revokeKey(sid: string): Promise<void> {
    await call('apiKeys.revoke', { sid })
    if (newKey.value?.sid === sid) newKey.value = null
    await load()
  }

  /**
   * Signs out every browser signed in to the web UI, this one too when it is a browser (its next
   * call answers 401 and the app shows how to sign in again). Returns how many were signed out.
   *
   * @throws ApiCallError
   */
  async function signOutEveryBrowser(): Promise<number> {
    return (await call('sessions.revokeAll', {})).signed_out
  }

  return { view, status, loadError, revealedToken, newKey, load, rotate, createKey, dismissNewKey, revokeKey, signOutEveryBrowser }
})
