import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { MethodOutput, PushPayload } from '@contract'
import { call, onConnectionChange, subscribe, transportKind } from './api'
import type { ConnectionState } from './api'

/** The live link, the store's health and what the app is connected to: the status bar's data. */
export const useConnectionStore = defineStore('connection', () => {
  // state
  const state = ref<ConnectionState>('connecting')
  const health = ref<PushPayload<'app.health'>>({ store: 'ok', message: null })
  const system = ref<MethodOutput<'system.info'> | null>(null)

  // getters
  const signedOut = computed(() => state.value === 'signed-out')
  const transport = computed(() => (transportKind() === 'ipc' ? 'desktop' : 'web'))

  // actions
  let stops: Array<() => void> = []
  /** Starts listening; idempotent. */
  function start(): void {
    if (stops.length > 0) return
    stops = [
      onConnectionChange((next) => {
        state.value = next
      }),
      subscribe('app.health', (next) => {
        health.value = next
      }),
    ]
    call('system.info', {})
      .then((info) => {
        system.value = info
      })
      .catch(() => {
        // A 401 already turned the state to signed-out; the status bar shows the rest.
      })
  }

  function stop(): void {
    for (const unsubscribe of stops) unsubscribe()
    stops = []
  }

  return { state, health, system, signedOut, transport, start, stop }
})
