import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { DomainEvent, MethodInput, PushPayload, Reservation, Task, TaskQueue, Workflow } from '@contract'
import { ApiCallError, call, errorMessage, onResync, subscribe } from '@renderer/app/api'
import type { LoadStatus } from '@renderer/features/workspaces/workspaces.store'

type AssignmentStatus = Task['assignment_status']

const NOT_FOUND_CODE = 20404
const INCREMENTAL_LIMIT = 50
export const ACTIVE_STATUSES: readonly AssignmentStatus[] = ['pending', 'reserved', 'assigned', 'wrapping']
export const ALL_STATUSES: readonly AssignmentStatus[] = ['pending', 'reserved', 'assigned', 'wrapping', 'completed', 'canceled']
/** The task timeline reads the whole retained history (the contract's maximum: 30 days). */
export const TIMELINE_MINUTES = 43_200

/**
 * The tasks of the shown workspace with status / queue / channel filters, plus what the task
 * drawer shows: its reservations and its timeline. Live: pushed `app.changed` refetches the
 * changed tasks (or the list after a burst) and the open task's reservations; pushed
 * `app.event`s about the open task are appended to its timeline.
 */
export const useTasksStore = defineStore('tasks', () => {
  // state
  const workspaceSid = ref<string | null>(null)
  const tasks = shallowRef<Task[]>([])
  const status = ref<LoadStatus>('idle')
  const loadError = ref<string | null>(null)
  const statuses = ref<AssignmentStatus[]>([...ACTIVE_STATUSES])
  const queueSid = ref<string | null>(null)
  const channel = ref<string | null>(null)
  const queues = ref<TaskQueue[]>([])
  const workflows = ref<Workflow[]>([])

  const openSid = ref<string | null>(null)
  const reservations = ref<Reservation[]>([])
  const timeline = ref<DomainEvent[]>([])
  const detailError = ref<string | null>(null)

  // getters
  const filtered = computed(() => (channel.value ? tasks.value.filter((task) => task.task_channel_unique_name === channel.value) : tasks.value))
  const openTask = computed(() => (openSid.value ? tasks.value.find((task) => task.sid === openSid.value) : undefined))

  // actions
  let loadSeq = 0
  async function load(): Promise<void> {
    const sid = workspaceSid.value
    if (!sid) return
    const seq = ++loadSeq
    status.value = 'loading'
    try {
      const list = await call('tasks.list', {
        workspace_sid: sid,
        ...(statuses.value.length ? { assignment_status: statuses.value } : {}),
        ...(queueSid.value ? { task_queue_sid: queueSid.value } : {}),
      })
      if (seq !== loadSeq) return
      tasks.value = list.sort(newestFirst)
      status.value = 'ready'
      loadError.value = null
    } catch (error) {
      if (seq !== loadSeq) return
      status.value = 'error'
      loadError.value = errorMessage(error)
    }
  }

  async function loadRouting(): Promise<void> {
    const sid = workspaceSid.value
    if (!sid) return
    try {
      const [queueList, workflowList] = await Promise.all([call('queues.list', { workspace_sid: sid }), call('workflows.list', { workspace_sid: sid })])
      queues.value = queueList
      workflows.value = workflowList
    } catch {
      // The filters and the create form degrade to "no choice"; the list itself still works.
    }
  }

  let stops: Array<() => void> = []
  async function show(sid: string): Promise<void> {
    if (sid !== workspaceSid.value) {
      workspaceSid.value = sid
      tasks.value = []
      queueSid.value = null
      channel.value = null
      openSid.value = null
    }
    if (stops.length === 0) {
      stops = [
        subscribe('app.changed', (change) => void applyChange(change)),
        subscribe('app.event', (event) => appendEvent(event)),
        onResync(() => {
          void load()
          if (openSid.value) void loadDetail(openSid.value)
        }),
      ]
    }
    await Promise.all([load(), loadRouting()])
  }

  function matchesFilters(task: Task): boolean {
    return (statuses.value.length === 0 || statuses.value.includes(task.assignment_status)) && (!queueSid.value || task.task_queue_sid === queueSid.value)
  }

  async function applyChange(change: PushPayload<'app.changed'>): Promise<void> {
    if (change.workspace_sid !== workspaceSid.value) return
    const changed = change.changes.filter((item) => item.kind === 'task')
    if (change.changes.some((item) => item.kind === 'task_queue' || item.kind === 'workflow')) void loadRouting()
    if (openSid.value && change.changes.some((item) => item.kind === 'reservation' || (item.kind === 'task' && item.sid === openSid.value))) void loadReservations(openSid.value)
    if (changed.length > INCREMENTAL_LIMIT) return load()
    await Promise.all(changed.map((item) => (item.op === 'delete' ? forget(item.sid) : refetch(item.sid))))
  }

  async function refetch(sid: string): Promise<void> {
    try {
      upsert(await call('tasks.get', { workspace_sid: workspaceSid.value!, sid }))
    } catch (error) {
      if (error instanceof ApiCallError && error.code === NOT_FOUND_CODE) forget(sid)
    }
  }

  function upsert(task: Task): void {
    const others = tasks.value.filter((item) => item.sid !== task.sid)
    const existing = tasks.value.find((item) => item.sid === task.sid)
    if (existing && existing.version > task.version) return
    // A task that left the filter (e.g. completed while "active" is shown) stays visible if it is the open one.
    tasks.value = matchesFilters(task) || task.sid === openSid.value ? [...others, task].sort(newestFirst) : others
  }

  function forget(sid: string): void {
    tasks.value = tasks.value.filter((task) => task.sid !== sid)
  }

  function setFilters(next: { statuses?: AssignmentStatus[]; queueSid?: string | null; channel?: string | null }): void {
    if (next.statuses) statuses.value = next.statuses
    if (next.queueSid !== undefined) queueSid.value = next.queueSid
    if (next.channel !== undefined) channel.value = next.channel
    if (next.statuses || next.queueSid !== undefined) void load()
  }

  // The open task: reservations and timeline.
  async function open(sid: string | null): Promise<void> {
    openSid.value = sid
    reservations.value = []
    timeline.value = []
    detailError.value = null
    if (sid) await loadDetail(sid)
  }

  async function loadDetail(sid: string): Promise<void> {
    await Promise.all([loadReservations(sid), loadTimeline(sid)])
  }

  async function loadReservations(sid: string): Promise<void> {
    try {
      const list = await call('reservations.list', { workspace_sid: workspaceSid.value!, task_sid: sid })
      if (openSid.value === sid) reservations.value = list.sort((a, b) => b.date_created.localeCompare(a.date_created))
    } catch (error) {
      if (openSid.value === sid) detailError.value = errorMessage(error)
    }
  }

  async function loadTimeline(sid: string): Promise<void> {
    try {
      const list = await call('events.list', { workspace_sid: workspaceSid.value!, task_sid: sid, minutes: TIMELINE_MINUTES })
      // Newest first from the server: reverse, then a stable sort keeps same-millisecond events in order.
      if (openSid.value === sid) timeline.value = list.reverse().sort((a, b) => a.event_date_ms - b.event_date_ms)
    } catch (error) {
      if (openSid.value === sid) detailError.value = errorMessage(error)
    }
  }

  function appendEvent(event: DomainEvent): void {
    const sid = openSid.value
    if (!sid || event.workspace_sid !== workspaceSid.value) return
    const about = event.resource_sid === sid || event.event_data.task_sid === sid
    if (!about || timeline.value.some((item) => item.sid === event.sid)) return
    timeline.value = [...timeline.value, event]
  }

  type CreateInput = Omit<MethodInput<'tasks.create'>, 'workspace_sid'>
  /** @throws ApiCallError (`param` names the field at fault). */
  async function create(input: CreateInput): Promise<Task> {
    const created = await call('tasks.create', { workspace_sid: workspaceSid.value!, ...input })
    upsert(created)
    return created
  }

  /** Cancels, wraps or completes a task. @throws ApiCallError (e.g. an invalid transition). */
  async function transition(sid: string, to: 'canceled' | 'wrapping' | 'completed', reason?: string): Promise<Task> {
    const updated = await call('tasks.update', { workspace_sid: workspaceSid.value!, sid, assignment_status: to, ...(reason ? { reason } : {}) })
    upsert(updated)
    return updated
  }

  /** Accepts or rejects a reservation on the worker's behalf (supervisor override). @throws ApiCallError */
  async function answerReservation(taskSid: string, reservationSid: string, to: 'accepted' | 'rejected' | 'wrapping' | 'completed'): Promise<Reservation> {
    const updated = await call('reservations.update', { workspace_sid: workspaceSid.value!, task_sid: taskSid, sid: reservationSid, reservation_status: to })
    reservations.value = reservations.value.map((item) => (item.sid === updated.sid ? updated : item))
    return updated
  }

  return {
    workspaceSid, tasks, status, loadError, statuses, queueSid, channel, queues, workflows, openSid, reservations, timeline, detailError,
    filtered, openTask,
    load, show, setFilters, open, create, transition, answerReservation,
  }
})

function newestFirst(a: Task, b: Task): number {
  return b.date_created.localeCompare(a.date_created) || b.sid.localeCompare(a.sid)
}
