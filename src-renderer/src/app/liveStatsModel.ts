import type { KpiNow, LiveQueue, LiveStats, StatsDelta, StatsSnapshot } from '@contract'

type Delta = Extract<StatsDelta, { kind: 'delta' }>
type SnapshotQueue = StatsSnapshot['queues'][number]
type SnapshotQueueKpis = StatsSnapshot['kpis']['queues'][number]

/** What applying one push did: a frame to keep, or a gap (ask `stats.live` again). */
export type ApplyResult = 'applied' | 'stale' | 'gap'

/**
 * A workspace's live statistics frame on the client (contract/liveStats), kept current by the
 * pushed `app.statsDelta`, and rebuilt into the `StatsSnapshot` that pages read. Plain data and
 * no Vue: a store keeps it in a `shallowRef`/`markRaw` and re-renders when `apply` says so.
 *
 * `snapshot()` reuses the objects of queues that did not change since the last call, so a page
 * (or a computed) comparing rows by identity sees only the changed ones move.
 */
export class LiveStatsFrame {
  private frame: LiveStats
  private indexBySid = new Map<string, number>()
  private built: StatsSnapshot | null = null
  /** Per queue, its rebuilt rows and the frame values they came from (reused while equal). */
  private rows = new Map<string, { from: LiveQueue; at: number; realtime: SnapshotQueue; kpis: SnapshotQueueKpis }>()

  constructor(frame: LiveStats) {
    this.frame = structuredCloneFrame(frame)
    this.reindex()
  }

  get seq(): number {
    return this.frame.seq
  }

  get workspaceSid(): string {
    return this.frame.workspace_sid
  }

  get generatedAtMs(): number {
    return this.frame.generated_at_ms
  }

  /**
   * Applies a push: a whole frame replaces this one; a delta must be the next `seq` (`gap`
   * otherwise, and nothing changes); an older push is `stale` and ignored.
   */
  apply(push: StatsDelta): ApplyResult {
    if (push.seq <= this.frame.seq) return 'stale'
    if (push.kind === 'full') {
      const { kind: _kind, ...frame } = push
      this.frame = frame
      this.reindex()
      this.rows.clear()
      this.built = null
      return 'applied'
    }
    if (push.seq !== this.frame.seq + 1) return 'gap'
    if (!this.applyDelta(push)) return 'gap'
    return 'applied'
  }

  private applyDelta(delta: Delta): boolean {
    const frame = this.frame
    for (const change of delta.queues) {
      const index = this.indexBySid.get(change.task_queue_sid)
      if (index === undefined) {
        // A new queue arrives whole; anything less means we missed its first push.
        const whole = asWholeQueue(change)
        if (!whole) return false
        frame.queues.push(whole)
        this.indexBySid.set(whole.task_queue_sid, frame.queues.length - 1)
      } else {
        frame.queues[index] = { ...frame.queues[index]!, ...definedFields(change) }
      }
    }
    if (delta.removed_queues.length > 0) {
      const removed = new Set(delta.removed_queues)
      frame.queues = frame.queues.filter((queue) => !removed.has(queue.task_queue_sid))
      for (const sid of removed) this.rows.delete(sid)
      this.reindex()
    }
    if (delta.workspace) frame.workspace = { ...frame.workspace, ...definedFields(delta.workspace) }
    if (delta.rollup_agents) frame.rollup_agents = { ...frame.rollup_agents, ...definedFields(delta.rollup_agents) }
    if (delta.channels) frame.channels = delta.channels
    frame.seq = delta.seq
    frame.generated_at_ms = delta.generated_at_ms
    this.built = null
    return true
  }

  private reindex(): void {
    this.indexBySid = new Map(this.frame.queues.map((queue, index) => [queue.task_queue_sid, index]))
  }

  /** The frame rebuilt as `stats.snapshot` answers it (without per-queue-per-channel KPIs), ages as of `generated_at_ms`. */
  snapshot(): StatsSnapshot {
    if (this.built) return this.built
    const frame = this.frame
    const now = frame.generated_at_ms
    const activityStatistics = (counts: readonly number[]): SnapshotQueue['activity_statistics'] =>
      frame.activities.map((activity, index) => ({ sid: activity.sid, friendly_name: activity.friendly_name, workers: counts[index] ?? 0 }))
    const queues: SnapshotQueue[] = []
    const queueKpis: SnapshotQueueKpis[] = []
    const rollup: KpiNow = { active_tasks: 0, waiting_tasks: 0, longest_wait: 0, longest_wait_task_sid: null, ...frame.rollup_agents }
    for (const queue of frame.queues) {
      let row = this.rows.get(queue.task_queue_sid)
      // Ages move with time: a row with a waiting task is rebuilt whenever the frame's time moved.
      const waitingAgesMoved = row !== undefined && row.at !== now && (queue.longest_task_waiting_since !== null || queue.longest_relative_task_since !== null)
      if (!row || row.from !== queue || waitingAgesMoved) {
        row = { from: queue, at: now, ...rebuildQueue(frame.workspace_sid, queue, now, activityStatistics) }
        this.rows.set(queue.task_queue_sid, row)
      }
      queues.push(row.realtime)
      queueKpis.push(row.kpis)
      const kpi = row.kpis.kpis.now
      rollup.active_tasks += kpi.active_tasks
      rollup.waiting_tasks += kpi.waiting_tasks
      if (kpi.longest_wait > rollup.longest_wait || (rollup.longest_wait_task_sid === null && kpi.longest_wait_task_sid !== null)) {
        rollup.longest_wait = kpi.longest_wait
        rollup.longest_wait_task_sid = kpi.longest_wait_task_sid
      }
    }
    const generatedAt = isoSeconds(now)
    const workspace = frame.workspace
    this.built = {
      workspace_sid: frame.workspace_sid,
      generated_at: generatedAt,
      generated_at_ms: now,
      workspace: {
        workspace_sid: frame.workspace_sid,
        total_workers: workspace.total_workers,
        total_tasks: workspace.total_tasks,
        activity_statistics: activityStatistics(workspace.activity_workers),
        tasks_by_status: workspace.tasks_by_status,
        tasks_by_priority: workspace.tasks_by_priority,
        longest_task_waiting_age: ageOf(now, workspace.longest_task_waiting_since),
        longest_task_waiting_sid: workspace.longest_task_waiting_sid,
      },
      queues,
      kpis: {
        workspace_sid: frame.workspace_sid,
        window: 'now',
        task_channel_sid: null,
        generated_at: generatedAt,
        queues: queueKpis,
        rollup: { now: rollup, period: null },
        rollup_by_channel: frame.channels.map((channel) => ({ task_channel_sid: channel.task_channel_sid, task_channel_unique_name: channel.task_channel_unique_name, kpis: { now: channel.now, period: null } })),
      },
    }
    return this.built
  }
}

function rebuildQueue(
  workspaceSid: string,
  queue: LiveQueue,
  now: number,
  activityStatistics: (counts: readonly number[]) => SnapshotQueue['activity_statistics'],
): { realtime: SnapshotQueue; kpis: SnapshotQueueKpis } {
  const relativeAge = ageOf(now, queue.longest_relative_task_since)
  const status = queue.tasks_by_status
  return {
    realtime: {
      workspace_sid: workspaceSid,
      task_queue_sid: queue.task_queue_sid,
      friendly_name: queue.friendly_name,
      total_available_workers: queue.total_available_workers,
      total_eligible_workers: queue.total_eligible_workers,
      total_tasks: queue.total_tasks,
      activity_statistics: activityStatistics(queue.activity_workers),
      tasks_by_status: status,
      tasks_by_priority: queue.tasks_by_priority,
      longest_task_waiting_age: ageOf(now, queue.longest_task_waiting_since),
      longest_task_waiting_sid: queue.longest_task_waiting_sid,
      longest_relative_task_age_in_queue: relativeAge,
      longest_relative_task_sid_in_queue: queue.longest_relative_task_sid_in_queue,
    },
    kpis: {
      task_queue_sid: queue.task_queue_sid,
      friendly_name: queue.friendly_name,
      sla_threshold_seconds: queue.sla_threshold_seconds,
      short_abandon_seconds: queue.short_abandon_seconds,
      sla_formula: queue.sla_formula,
      sla_formula_text: queue.sla_formula_text,
      kpis: {
        now: {
          active_tasks: status.assigned + status.wrapping,
          waiting_tasks: status.pending + status.reserved,
          longest_wait: relativeAge,
          longest_wait_task_sid: queue.longest_relative_task_sid_in_queue,
          agents_available: queue.total_available_workers,
          agents_unavailable: queue.agents_unavailable,
          agents_offline: queue.agents_offline,
          occupancy: queue.occupancy,
        },
        period: null,
      },
      by_channel: [],
    },
  }
}

/** Whole seconds since `since` as of `now` (0 when nothing waits), as the engine counts ages. */
function ageOf(now: number, since: number | null): number {
  return since === null ? 0 : Math.max(0, Math.floor((now - since) / 1000))
}

/** `2026-01-02T12:00:00Z`, as the engine writes `generated_at`. */
function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** A partial's fields that are present (an absent field did not change). */
function definedFields<T extends object>(partial: Partial<T>): Partial<T> {
  const out: Partial<T> = {}
  for (const key of Object.keys(partial) as (keyof T)[]) if (partial[key] !== undefined) out[key] = partial[key]
  return out
}

const QUEUE_FIELDS: readonly (keyof LiveQueue)[] = [
  'task_queue_sid', 'friendly_name', 'sla_threshold_seconds', 'short_abandon_seconds', 'sla_formula', 'sla_formula_text',
  'total_available_workers', 'total_eligible_workers', 'total_tasks', 'activity_workers', 'tasks_by_status', 'tasks_by_priority',
  'longest_task_waiting_since', 'longest_task_waiting_sid', 'longest_relative_task_since', 'longest_relative_task_sid_in_queue',
  'agents_unavailable', 'agents_offline', 'occupancy',
]

function asWholeQueue(change: Partial<LiveQueue>): LiveQueue | null {
  for (const field of QUEUE_FIELDS) if (change[field] === undefined) return null
  return change as LiveQueue
}

function structuredCloneFrame(frame: LiveStats): LiveStats {
  return { ...frame, queues: [...frame.queues], channels: [...frame.channels] }
}
