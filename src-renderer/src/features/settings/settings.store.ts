import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { AppSettingsView, MethodInput } from '@contract'
import { call, errorMessage } from '@renderer/app/api'
import type { LoadStatus } from '@renderer/features/workspaces/workspaces.store'

/**
 * This installation's settings (settings.json in the data folder): the local REST server and
 * the retention window. Not per workspace; loaded when Settings opens (nothing pushes them:
 * only this screen changes them).
 */
export const useInstallationSettingsStore = defineStore('installationSettings', () => {
  // state
  const view = ref<AppSettingsView | null>(null)
  const status = ref<LoadStatus>('idle')
  const loadError = ref<string | null>(null)

  // actions
  async function load(): Promise<void> {
    status.value = 'loading'
    try {
      view.value = await call('settings.get', {})
      status.value = 'ready'
      loadError.value = null
    } catch (error) {
      status.value = 'error'
      loadError.value = errorMessage(error)
    }
  }

  /** @throws ApiCallError (`param` is e.g. `rest_server.port` or `retention_days`). */
  async function update(patch: MethodInput<'settings.update'>): Promise<AppSettingsView> {
    const next = await call('settings.update', patch)
    view.value = next
    return next
  }

  return { view, status, loadError, load, update }
})
