import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type { Activity, Reservation, ResourceKind, Task, Worker, Workflow } from '@contract'
import { call, errorMessage } from '@renderer/app/api'
import { onLiveStats } from '@renderer/app/liveStats'
import { onResourcesChanged } from '@renderer/app/liveRefresh'
import { useNow } from '@renderer/shared/composables/useNow'
import type { LoadStatus } from '@renderer/features/workspaces/workspaces.store'
import { useWorkspacesStore } from '@renderer/features/workspaces/workspaces.store'
import { findProblems, sentByTimeout, staffingFromSnapshot } from './healthProblems'
import type { HealthProblem, QueueStaffing } from './healthProblems'

/** What can make or clear a problem. */
const WATCHED_KINDS: readonly ResourceKind[] = ['worker', 'task', 'reservation', 'workflow', 'task_queue', 'activity']
/** A burst of pushed changes costs one refresh, this long after its first change. */
export const HEALTH_DEBOUNCE_MS = 400
/** How far back a reservation timeout explains a worker sitting in a shared default/timeout activity. */
const TIMEOUT_EVENTS_MINUTES = 7 * 24 * 60

/**
 * The stuck states of the shown workspace (the Health panel and the shell's badge): queues with
 * waiting tasks and no eligible worker (statistics: `stats.snapshot`, then every live snapshot of
 * app/liveStats), workers a reservation timeout sent to the timeout activity, tasks near their
 * TTL and pending reservations near their timeout. Refetched on pushed `app.changed` (debounced), never polled; the shared
 * display clock only re-evaluates ages already fetched.
 */
export const useHealthStore = defineStore('health', () => {
  // state
  const workspaceSid = ref<string | null>(null)
  const staffing = ref<QueueStaffing[]>([])
  const timeoutWorkers = ref<Worker[]>([])
  const tasks = ref<Task[]>([])
  const pendingReservations = ref<Reservation[]>([])
  const workflows = ref<Workflow[]>([])
  const activities = ref<Activity[]>([])
  const fetchedAt = ref(Date.now())
  const status = ref<LoadStatus>('idle')
  const loadError = ref<string | null>(null)
  /** Per problem id: the error of its last fix. */
  const fixErrors = ref<Record<string, string>>({})
  const fixing = ref<Record<string, boolean>>({})

  // getters
  const workspaces = useWorkspacesStore()
  const workspace = computed(() => (workspaceSid.value ? workspaces.find(workspaceSid.value) : undefined))
  const now = useNow()
  const problems = computed<HealthProblem[]>(() =>
    workspaceSid.value
      ? findProblems({
          staffing: staffing.value,
          timeoutWorkers: timeoutWorkers.value,
          tasks: tasks.value,
          pendingReservations: pendingReservations.value,
          workflows: workflows.value,
          fetchedAt: fetchedAt.value,
          now: now.value,
        })
      : [],
  )
  const count = computed(() => problems.value.length)
  /** Where "Make available" sends a worker: the default activity if it is available, else the first available one. */
  const availableActivity = computed<Activity | undefined>(() => {
    const preferred = activities.value.find((a) => a.sid === workspace.value?.default_activity_sid && a.available)
    return preferred ?? activities.value.find((a) => a.available)
  })

  // actions
  let loadSeq = 0
  /** Counts live snapshots received: a load that started before the latest one must not overwrite it with older numbers. */
  let statsPushes = 0
  async function load(): Promise<void> {
    const sid = workspaceSid.value
    if (!sid) return
    const seq = ++loadSeq
    const pushesAtStart = statsPushes
    if (status.value !== 'ready') status.value = 'loading'
    const input = { workspace_sid: sid }
    const timeoutSid = workspace.value?.timeout_activity_sid ?? null
    try {
      const [live, reservations, flows, acts, parked] = await Promise.all([
        call('tasks.list', { ...input, assignment_status: ['pending', 'reserved'] }),
        call('reservations.list', { ...input, reservation_status: 'pending' }),
        call('workflows.list', input),
        call('activities.list', input),
        timeoutSid ? call('workers.list', { ...input, activity_sid: timeoutSid }) : Promise.resolve([] as Worker[]),
      ])
      const [nextStaffing, sent] = await Promise.all([loadStaffing(sid, live), onlySentByTimeout(sid, parked)])
      if (seq !== loadSeq) return
      tasks.value = live
      pendingReservations.value = reservations
      workflows.value = flows
      activities.value = acts
      timeoutWorkers.value = sent
      if (nextStaffing && statsPushes === pushesAtStart) staffing.value = nextStaffing
      fetchedAt.value = Date.now()
      status.value = 'ready'
      loadError.value = null
    } catch (error) {
      if (seq !== loadSeq) return
      status.value = 'error'
      loadError.value = errorMessage(error)
    }
  }

  /** When the timeout activity is also the default one, keeps the workers a reservation timeout moved there. */
  async function onlySentByTimeout(sid: string, parked: Worker[]): Promise<Worker[]> {
    const ws = workspace.value
    if (parked.length === 0 || !ws || ws.timeout_activity_sid !== ws.default_activity_sid) return parked
    try {
      const events = await call('events.list', { workspace_sid: sid, event_type: 'reservation.timeout', minutes: TIMEOUT_EVENTS_MINUTES, limit: 10_000 })
      return sentByTimeout(parked, events)
    } catch {
      return parked
    }
  }

  /**
   * Queue staffing from `stats.snapshot`; when statistics are unavailable, from the waiting
   * tasks and `workers.list` for each queue that has some.
   */
  async function loadStaffing(sid: string, live: readonly Task[]): Promise<QueueStaffing[] | null> {
    try {
      return staffingFromSnapshot(await call('stats.snapshot', { workspace_sid: sid }))
    } catch {
      const waiting = new Map<string, { name: string; count: number }>()
      for (const task of live) {
        if (!task.task_queue_sid) continue
        const entry = waiting.get(task.task_queue_sid) ?? { name: task.task_queue_friendly_name ?? task.task_queue_sid, count: 0 }
        entry.count += 1
        waiting.set(task.task_queue_sid, entry)
      }
      return Promise.all(
        [...waiting].map(async ([queueSid, entry]) => {
          const eligible = await call('workers.list', { workspace_sid: sid, task_queue_sid: queueSid }).then((list) => list.length, () => 1)
          return { sid: queueSid, name: entry.name, waiting: entry.count, eligible }
        }),
      )
    }
  }

  let timer: ReturnType<typeof setTimeout> | null = null
  function scheduleLoad(): void {
    // Coalesce rather than debounce: under constant traffic a trailing debounce never fires.
    timer ??= setTimeout(() => {
      timer = null
      void load()
    }, HEALTH_DEBOUNCE_MS)
  }

  let stops: Array<() => void> = []
  /** Follows `sid` (null: no workspace open, nothing to report). */
  async function show(sid: string | null): Promise<void> {
    if (sid !== workspaceSid.value) {
      workspaceSid.value = sid
      staffing.value = []
      timeoutWorkers.value = []
      tasks.value = []
      pendingReservations.value = []
      workflows.value = []
      activities.value = []
      fixErrors.value = {}
      status.value = 'idle'
    }
    if (!sid) return
    if (stops.length === 0) {
      stops = [
        onResourcesChanged(WATCHED_KINDS, (changedSid) => {
          if (changedSid === null || changedSid === workspaceSid.value) scheduleLoad()
        }),
        onLiveStats((snapshot) => {
          if (snapshot.workspace_sid !== workspaceSid.value) return
          statsPushes += 1
          staffing.value = staffingFromSnapshot(snapshot)
        }),
      ]
    }
    await load()
  }
  // The timeout activity may change in Settings (or the workspace arrive after the first load):
  // who is "parked" changes with it.
  watch(
    () => workspace.value?.timeout_activity_sid,
    (next, previous) => {
      if (workspaceSid.value && next !== previous) scheduleLoad()
    },
  )

  async function fix(id: string, action: () => Promise<unknown>): Promise<boolean> {
    fixing.value = { ...fixing.value, [id]: true }
    const { [id]: _old, ...rest } = fixErrors.value
    fixErrors.value = rest
    try {
      await action()
      scheduleLoad()
      return true
    } catch (error) {
      fixErrors.value = { ...fixErrors.value, [id]: errorMessage(error) }
      return false
    } finally {
      const { [id]: _done, ...others } = fixing.value
      fixing.value = others
    }
  }

  /** Moves a worker out of the timeout activity into an available one. */
  async function makeAvailable(problem: Extract<HealthProblem, { kind: 'worker-timeout' }>): Promise<boolean> {
    const target = availableActivity.value
    if (!target) {
      fixErrors.value = { ...fixErrors.value, [problem.id]: 'This workspace has no available activity to move the worker to.' }
      return false
    }
    return fix(problem.id, async () => {
      const updated = await call('workers.update', { workspace_sid: workspaceSid.value!, sid: problem.workerSid, activity_sid: target.sid })
      timeoutWorkers.value = timeoutWorkers.value.filter((worker) => worker.sid !== updated.sid)
    })
  }

  /** Cancels a task with a reason (TaskRouter keeps it on the task). */
  async function cancelTask(problem: Extract<HealthProblem, { kind: 'task-ttl' }>, reason: string): Promise<boolean> {
    return fix(problem.id, async () => {
      await call('tasks.update', { workspace_sid: workspaceSid.value!, sid: problem.taskSid, assignment_status: 'canceled', reason })
      tasks.value = tasks.value.filter((task) => task.sid !== problem.taskSid)
    })
  }

  /**
   * Gives a task close to its TTL a fresh one. TaskRouter cannot change a task's timeout, so
   * this re-creates it (same attributes, priority, channel, workflow or queue, and its virtual
   * start time, so it keeps its place in FIFO order) and then cancels the original with a
   * reason naming the copy. If the original stopped waiting meanwhile (accepted, say), the copy
   * is canceled again so the customer is not served twice. Resolves to the copy's SID.
   */
  async function recreateTask(problem: Extract<HealthProblem, { kind: 'task-ttl' }>): Promise<string | null> {
    const sid = workspaceSid.value!
    const task = tasks.value.find((candidate) => candidate.sid === problem.taskSid)
    let copySid: string | null = null
    const done = await fix(problem.id, async () => {
      if (!task) throw new Error('This task is no longer waiting.')
      const route = task.workflow_sid ? { workflow_sid: task.workflow_sid } : task.task_queue_sid ? { task_queue_sid: task.task_queue_sid } : {}
      const copy = await call('tasks.create', {
        workspace_sid: sid,
        attributes: task.attributes,
        priority: task.priority,
        timeout: task.timeout,
        task_channel: task.task_channel_unique_name,
        virtual_start_time: task.virtual_start_time,
        ...route,
      })
      try {
        await call('tasks.update', { workspace_sid: sid, sid: task.sid, assignment_status: 'canceled', reason: `Re-created as ${copy.sid} with a fresh time-to-live` })
      } catch (error) {
        const original = await call('tasks.get', { workspace_sid: sid, sid: task.sid }).catch(() => null)
        if (original?.assignment_status !== 'canceled') {
          const state = original?.assignment_status ?? 'deleted'
          await call('tasks.update', { workspace_sid: sid, sid: copy.sid, assignment_status: 'canceled', reason: `Duplicate of ${task.sid}, which was ${state} before it could be replaced` }).catch(() => undefined)
          throw error
        }
      }
      copySid = copy.sid
      tasks.value = tasks.value.filter((candidate) => candidate.sid !== task.sid)
    })
    return done ? copySid : null
  }

  /** Accepts or rejects a pending reservation on the worker's behalf (supervisor override). */
  async function answerReservation(problem: Extract<HealthProblem, { kind: 'reservation-timeout' }>, answer: 'accepted' | 'rejected'): Promise<boolean> {
    return fix(problem.id, async () => {
      await call('reservations.update', { workspace_sid: workspaceSid.value!, sid: problem.reservationSid, reservation_status: answer })
      pendingReservations.value = pendingReservations.value.filter((reservation) => reservation.sid !== problem.reservationSid)
    })
  }

  /**
   * Re-routes the tasks waiting in an unstaffed queue: re-runs their workflows
   * (workflows.update with re_evaluate_tasks, the engine's re-route for pending tasks), then
   * says how many left the queue. Tasks the workflow sends back here stay: then the fix is the
   * workflow or the queue's target workers, and the message says so.
   */
  async function rerouteQueue(problem: Extract<HealthProblem, { kind: 'queue-unstaffed' }>): Promise<boolean> {
    const sid = workspaceSid.value!
    return fix(problem.id, async () => {
      const waiting = await call('tasks.list', { workspace_sid: sid, task_queue_sid: problem.queueSid, assignment_status: ['pending'] })
      const flows = [...new Set(waiting.map((task) => task.workflow_sid).filter((flow): flow is string => !!flow))]
      if (flows.length === 0) throw new Error('No pending task here was routed by a workflow, so there is nothing to re-run (reserved tasks keep their offer).')
      for (const flow of flows) await call('workflows.update', { workspace_sid: sid, sid: flow, re_evaluate_tasks: true })
      const still = await call('tasks.list', { workspace_sid: sid, task_queue_sid: problem.queueSid, assignment_status: ['pending'] })
      const stayed = still.filter((task) => waiting.some((before) => before.sid === task.sid)).length
      const moved = waiting.length - stayed
      const names = flows.map((flow) => workflows.value.find((w) => w.sid === flow)?.friendly_name ?? flow).join(', ')
      rerouteResults.value = {
        ...rerouteResults.value,
        [problem.id]: stayed === 0
          ? `Re-ran ${names}: all ${moved} task${moved === 1 ? '' : 's'} left the queue.`
          : `Re-ran ${names}: ${moved} moved, ${stayed} routed here again. Change the workflow or this queue’s target workers, then re-route.`,
      }
    })
  }
  /** Per problem id: what the last re-route did. */
  const rerouteResults = ref<Record<string, string>>({})

  return { rerouteQueue, rerouteResults, recreateTask, answerReservation, workspaceSid, staffing, timeoutWorkers, tasks, pendingReservations, workflows, activities, status, loadError, fixErrors, fixing, problems, count, availableActivity, load, show, makeAvailable, cancelTask }
})
