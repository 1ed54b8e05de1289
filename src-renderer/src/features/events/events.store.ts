import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { DomainEvent, MethodInput } from '@contract'
import { call, errorMessage, onResync, subscribe } from '@renderer/app/api'
import type { LoadStatus } from '@renderer/features/workspaces/workspaces.store'

/** The newest events kept on screen; older ones are a filter (time range) away. */
export const TAIL_MAX = 5000

export interface EventFilters {
  /** Comma list of event types, e.g. `task.created,task.canceled`. */
  types: string[]
  /** A task, worker, reservation, queue or workflow SID. */
  resourceSid: string
  minutes: number
}

/** Which events.list parameter a resource SID goes to, by its prefix. */
const SID_PARAMS: Record<string, 'task_sid' | 'worker_sid' | 'reservation_sid' | 'task_queue_sid' | 'workflow_sid'> = {
  WT: 'task_sid',
  WK: 'worker_sid',
  WR: 'reservation_sid',
  WQ: 'task_queue_sid',
  WW: 'workflow_sid',
}

/** The events.list filter for a resource SID, or an error message when it is not one. */
export function resourceFilter(sid: string): { param: (typeof SID_PARAMS)[string]; sid: string } | { error: string } | null {
  const trimmed = sid.trim()
  if (!trimmed) return null
  const param = SID_PARAMS[trimmed.slice(0, 2).toUpperCase()]
  if (!param || !/^[A-Za-z]{2}[0-9a-fA-F]{32}$/.test(trimmed)) return { error: 'Paste a task (WT…), worker (WK…), reservation (WR…), queue (WQ…) or workflow (WW…) SID.' }
  return { param, sid: trimmed }
}

/** Whether a pushed event passes the filters (the server applied them to the first page). */
export function eventMatches(event: DomainEvent, filters: EventFilters): boolean {
  if (filters.types.length && !filters.types.includes(event.event_type)) return false
  const sid = filters.resourceSid.trim()
  if (sid && event.resource_sid !== sid && !Object.values(event.event_data).includes(sid)) return false
  return true
}

/**
 * The Events log of the shown workspace as a live tail: the filtered page from `events.list`,
 * then every pushed `app.event` that passes the filters, newest first. Pausing holds new events
 * aside (counted) so a row does not move under the pointer.
 */
export const useEventsStore = defineStore('events', () => {
  // state
  const workspaceSid = ref<string | null>(null)
  const events = shallowRef<DomainEvent[]>([])
  const status = ref<LoadStatus>('idle')
  const loadError = ref<string | null>(null)
  const filterError = ref<string | null>(null)
  const filters = ref<EventFilters>({ types: [], resourceSid: '', minutes: 60 })
  const paused = ref(false)
  const held = shallowRef<DomainEvent[]>([])
  /** Every type seen so far (for the type filter's options). */
  const knownTypes = ref<string[]>([])

  // getters
  const count = computed(() => events.value.length)

  // actions
  let seq = 0
  async function load(): Promise<void> {
    const ws = workspaceSid.value
    if (!ws) return
    const resource = resourceFilter(filters.value.resourceSid)
    if (resource && 'error' in resource) {
      filterError.value = resource.error
      return
    }
    filterError.value = null
    const input: MethodInput<'events.list'> = { workspace_sid: ws, minutes: filters.value.minutes, limit: TAIL_MAX }
    if (filters.value.types.length) input.event_type = filters.value.types.join(',')
    if (resource) input[resource.param] = resource.sid
    const mine = ++seq
    status.value = 'loading'
    try {
      const list = await call('events.list', input)
      if (mine !== seq) return
      events.value = list
      held.value = []
      learnTypes(list)
      status.value = 'ready'
      loadError.value = null
    } catch (error) {
      if (mine !== seq) return
      status.value = 'error'
      loadError.value = errorMessage(error)
    }
  }

  function learnTypes(list: readonly DomainEvent[]): void {
    const known = new Set(knownTypes.value)
    let added = false
    for (const event of list) {
      if (!known.has(event.event_type)) {
        known.add(event.event_type)
        added = true
      }
    }
    if (added) knownTypes.value = [...known].sort()
  }

  function receive(event: DomainEvent): void {
    if (event.workspace_sid !== workspaceSid.value) return
    learnTypes([event])
    if (!eventMatches(event, filters.value)) return
    if (paused.value) held.value = [event, ...held.value]
    else events.value = [event, ...events.value].slice(0, TAIL_MAX)
  }

  function setPaused(next: boolean): void {
    paused.value = next
    if (!next && held.value.length) {
      events.value = [...held.value, ...events.value].slice(0, TAIL_MAX)
      held.value = []
    }
  }

  function setFilters(next: Partial<EventFilters>): void {
    filters.value = { ...filters.value, ...next }
    void load()
  }

  /** One event by SID (a delivery's event older than the tail). @throws ApiCallError */
  async function fetchOne(sid: string): Promise<DomainEvent> {
    return call('events.get', { workspace_sid: workspaceSid.value!, sid })
  }

  let stops: Array<() => void> = []
  async function show(sid: string): Promise<void> {
    if (sid !== workspaceSid.value) {
      workspaceSid.value = sid
      events.value = []
      held.value = []
      knownTypes.value = []
    }
    if (stops.length === 0) stops = [subscribe('app.event', receive), onResync(() => void load())]
    await load()
  }

  return { workspaceSid, events, status, loadError, filterError, filters, paused, held, knownTypes, count, load, show, setFilters, setPaused, fetchOne }
})
