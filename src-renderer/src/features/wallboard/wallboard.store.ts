import { defineStore } from 'pinia'
import { computed, markRaw, ref, shallowRef } from 'vue'
import type { Kpis, KpiPeriod, ShareLink, StatsSnapshot, WallboardLayout, WallboardLayoutFields, WallboardPush, WallboardSettings } from '@contract'
import { call, errorMessage, onResync, subscribe } from '@renderer/app/api'
import { onResourcesChanged } from '@renderer/app/liveRefresh'
import { loadLiveStats, onLiveStats } from '@renderer/app/liveStats'
import type { LoadStatus } from '@renderer/features/workspaces/workspaces.store'
import { AgentGridModel } from './model/agentGrid'
import { AlertTracker, type Alert, type Watched } from './model/alerts'
import { editableCopy } from './model/layoutEditing'
import { channelRows, formatMetric, METRICS, metricValue, queueRows, type BoardRow, type KpiPair } from './model/metrics'
import { SeriesBuffer } from './model/seriesBuffer'
import { levelOf, thresholdFor } from './model/thresholds'

/**
 * What a workspace shows before any layout is saved; mirrors the engine's DEFAULT_LAYOUT_FIELDS
 * (engine/wallboard/layouts.ts; a test keeps the two equal).
 */
export const BUILTIN_LAYOUT_FIELDS: WallboardLayoutFields = {
  tiles: ['available_workers', 'waiting_tasks', 'longest_wait', 'sla_percent', 'asa', 'abandoned'],
  panels: ['series', 'activity_donut', 'tasks_by_status', 'tasks_by_priority', 'queue_table', 'channel_table', 'agent_grid'],
  queue_sids: [],
  channel_sids: [],
  thresholds: [
    { metric: 'sla_percent', queue_sid: null, warning: 90, critical: 60 },
    { metric: 'longest_wait', queue_sid: null, warning: 180, critical: 300 },
  ],
  rotate_seconds: 30,
}

/** The layout the board shows: a saved one, or the built-in default (sid null). */
export interface ShownLayout extends WallboardLayoutFields {
  sid: string | null
  name: string
}

const SELECTED_KEY = 'routedesk.wallboard.layout.'
/** A burst of layout changes costs one refetch. */
const LAYOUT_REFRESH_MS = 150

type GridListener = (touched: readonly number[] | null) => void

/**
 * The wallboard of one workspace, fed only by pushed events: the live statistics (app/liveStats:
 * `app.statsDelta` applied to a frame, every queue now, at most once a second), `app.wallboard` (agent-grid deltas within ~100 ms of a change, the
 * available count, 30-minute KPIs) and `app.changed` for layouts. Fetches once on open (and
 * after a dropped link): the snapshot, an hour of series, the grid, the layouts, the 30-minute KPIs.
 * The same store runs the read-only share page (`shareMode`), whose transport reaches only
 * the share routes.
 */
export const useWallboardStore = defineStore('wallboard', () => {
  // state
  const workspaceSid = ref<string | null>(null)
  const shareMode = ref(false)
  const status = ref<LoadStatus>('idle')
  const loadError = ref<string | null>(null)
  const snapshot = shallowRef<StatsSnapshot | null>(null)
  const kpis30m = shallowRef<Kpis | null>(null)
  /** The freshest available-agent count: the wallboard push is often newer than the snapshot. */
  const availableNow = ref<{ value: number; at: number } | null>(null)
  /** When the newest pushed data was generated (server ms), for "last updated". */
  const updatedAt = ref<number | null>(null)
  /** Local receive time of `snapshot`, to age the longest wait between pushes. */
  const snapshotReceivedAt = ref(0)
  const layouts = ref<WallboardLayout[]>([])
  const selectedLayoutSid = ref<string | null>(null)
  const series = markRaw(new SeriesBuffer())
  const seriesVersion = ref(0)
  const grid = markRaw(new AgentGridModel())
  const gridVersion = ref(0)
  const alerts = shallowRef<Alert[]>([])
  const settings = ref<WallboardSettings | null>(null)
  const shareLinks = ref<ShareLink[]>([])
  /** Alerts that just got worse, for the banner and desktop notifications to announce. */
  const raisedListeners = new Set<(raised: Alert[]) => void>()
  const gridListeners = new Set<GridListener>()
  const tracker = new AlertTracker()

  // getters
  const layout = computed<ShownLayout>(() => {
    const saved = layouts.value.find((candidate) => candidate.sid === selectedLayoutSid.value) ?? layouts.value[0]
    if (saved) return { ...editableCopy(saved), sid: saved.sid, name: saved.name }
    return { ...editableCopy(BUILTIN_LAYOUT_FIELDS), sid: null, name: 'Default' }
  })
  const periodByQueue = computed(() => new Map<string, KpiPeriod | null>((kpis30m.value?.queues ?? []).map((queue) => [queue.task_queue_sid, queue.kpis.period])))
  const periodByChannel = computed(() => new Map<string, KpiPeriod | null>((kpis30m.value?.rollup_by_channel ?? []).map((channel) => [channel.task_channel_sid, channel.kpis.period])))
  /** Workspace KPIs: now from the snapshot (with the fresher available count), period from the 30-minute push. */
  const workspaceKpis = computed<KpiPair>(() => {
    const now = snapshot.value?.kpis.rollup.now ?? null
    const fresher = availableNow.value && snapshot.value && availableNow.value.at > snapshot.value.generated_at_ms ? availableNow.value.value : null
    return { now: now && fresher !== null ? { ...now, agents_available: fresher } : now, period: kpis30m.value?.rollup.period ?? null }
  })
  const queues = computed<BoardRow[]>(() => queueRows(snapshot.value, periodByQueue.value, layout.value.queue_sids))
  const channels = computed<BoardRow[]>(() => channelRows(snapshot.value, periodByChannel.value, layout.value.channel_sids))

  // actions
  let stops: (() => void)[] = []
  let loadSeq = 0

  async function open(sid: string, options: { shareMode?: boolean } = {}): Promise<void> {
    close()
    workspaceSid.value = sid
    shareMode.value = options.shareMode ?? false
    selectedLayoutSid.value = readSelected(sid)
    stops = [
      onLiveStats((pushed) => {
        if (pushed.workspace_sid === workspaceSid.value) receiveSnapshot(pushed)
      }),
      subscribe('app.wallboard', (pushed) => {
        if (pushed.workspace_sid === workspaceSid.value) receiveWallboard(pushed)
      }),
      onResourcesChanged(['document'], (changed) => {
        if (changed === null || changed === workspaceSid.value) scheduleLayoutRefresh()
      }),
      onResync(() => void load()),
    ]
    await load()
  }

  function close(): void {
    for (const stop of stops) stop()
    stops = []
    if (layoutTimer !== null) clearTimeout(layoutTimer)
    layoutTimer = null
    workspaceSid.value = null
    snapshot.value = null
    kpis30m.value = null
    availableNow.value = null
    updatedAt.value = null
    alerts.value = []
    tracker.reset()
    status.value = 'idle'
  }

  async function load(): Promise<void> {
    const sid = workspaceSid.value
    if (!sid) return
    const seq = ++loadSeq
    if (status.value !== 'ready') status.value = 'loading'
    try {
      const input = { workspace_sid: sid }
      // The 30-minute KPIs are pushed every 15 s: read them once so a new board has them now.
      const [first, history, agents, saved, period] = await Promise.all([
        loadLiveStats(sid),
        call('stats.series', { ...input, resolution: 'second', minutes: 60 }),
        call('wallboardAgents.get', input),
        call('wallboardLayouts.list', input),
        call('stats.kpis', { ...input, window: '30m' }),
      ])
      if (seq !== loadSeq) return
      kpis30m.value = period
      series.seed(history.points)
      layouts.value = saved
      resetGrid(agents)
      receiveSnapshot(first)
      status.value = 'ready'
      loadError.value = null
      if (!shareMode.value) void loadSharing()
    } catch (error) {
      if (seq !== loadSeq) return
      status.value = 'error'
      loadError.value = errorMessage(error)
    }
  }

  function receiveSnapshot(next: StatsSnapshot): void {
    snapshot.value = next
    snapshotReceivedAt.value = Date.now()
    updatedAt.value = Math.max(updatedAt.value ?? 0, next.generated_at_ms)
    const available = availableNow.value && availableNow.value.at > next.generated_at_ms ? availableNow.value.value : next.kpis.rollup.now.agents_available
    series.add({ t: next.generated_at_ms, available, waiting: next.kpis.rollup.now.waiting_tasks })
    seriesVersion.value += 1
    evaluateAlerts()
  }

  function receiveWallboard(push: WallboardPush): void {
    const availableMoved = availableNow.value?.value !== push.available_workers
    availableNow.value = { value: push.available_workers, at: push.generated_at_ms }
    updatedAt.value = Math.max(updatedAt.value ?? 0, push.generated_at_ms)
    if (push.kpis_30m) kpis30m.value = push.kpis_30m
    if (push.agents.changes.length > 0 || push.agents.removed.length > 0) {
      const touched = grid.apply(push.agents)
      if (touched === null) void refetchGrid()
      else for (const listener of gridListeners) listener(touched)
    }
    // Grid pushes come up to ten times a second: alerts move only with the 30-minute KPIs or the
    // available count (and the snapshot, which evaluates them itself).
    if (push.kpis_30m || (availableMoved && layout.value.thresholds.some((threshold) => threshold.metric === 'available_workers'))) evaluateAlerts()
  }

  function resetGrid(agents: Parameters<AgentGridModel['reset']>[0]): void {
    grid.reset(agents)
    gridVersion.value += 1
    for (const listener of gridListeners) listener(null)
  }

  let gridFetch: Promise<void> | null = null
  function refetchGrid(): Promise<void> {
    const sid = workspaceSid.value
    if (!sid) return Promise.resolve()
    gridFetch ??= call('wallboardAgents.get', { workspace_sid: sid })
      .then((agents) => {
        if (sid === workspaceSid.value) resetGrid(agents)
      })
      .catch((error: unknown) => console.warn('[routedesk] agent grid refetch failed:', errorMessage(error)))
      .finally(() => (gridFetch = null))
    return gridFetch
  }

  /** Every metric that has a threshold, for the workspace and each shown queue. */
  function evaluateAlerts(): void {
    const shown = layout.value
    if (shown.thresholds.length === 0 || !snapshot.value) {
      alerts.value = []
      return
    }
    const elapsed = (Date.now() - snapshotReceivedAt.value) / 1000
    const watched: Watched[] = []
    const metrics = [...new Set(shown.thresholds.map((threshold) => threshold.metric))]
    for (const metric of metrics) {
      const value = metricValue(metric, workspaceKpis.value, elapsed)
      watched.push({ key: `ws:${metric}`, label: METRICS[metric].label, level: levelOf(value, thresholdFor(shown.thresholds, metric, null)), value: formatMetric(value, METRICS[metric].unit) })
      for (const row of queues.value) {
        const threshold = thresholdFor(shown.thresholds, metric, row.key)
        if (!threshold) continue
        const rowValue = metricValue(metric, row.kpis, elapsed)
        watched.push({ key: `q:${row.key}:${metric}`, label: `${row.label} · ${METRICS[metric].label}`, level: levelOf(rowValue, threshold), value: formatMetric(rowValue, METRICS[metric].unit) })
      }
    }
    const raised = tracker.update(watched, Date.now())
    alerts.value = tracker.active()
    if (raised.length > 0) for (const listener of raisedListeners) listener(raised)
  }

  function onRaised(listener: (raised: Alert[]) => void): () => void {
    raisedListeners.add(listener)
    return () => raisedListeners.delete(listener)
  }

  /** Repaint requests for the grid canvas: indexes of changed tiles, or null for everything. */
  function onGridChange(listener: GridListener): () => void {
    gridListeners.add(listener)
    return () => gridListeners.delete(listener)
  }

  function selectLayout(sid: string | null): void {
    selectedLayoutSid.value = sid
    tracker.reset()
    evaluateAlerts()
    if (workspaceSid.value) writeSelected(workspaceSid.value, sid)
  }

  let layoutTimer: ReturnType<typeof setTimeout> | null = null
  function scheduleLayoutRefresh(): void {
    if (layoutTimer !== null) return
    layoutTimer = setTimeout(() => {
      layoutTimer = null
      void reloadLayouts()
    }, LAYOUT_REFRESH_MS)
  }

  async function reloadLayouts(): Promise<void> {
    const sid = workspaceSid.value
    if (!sid) return
    try {
      const saved = await call('wallboardLayouts.list', { workspace_sid: sid })
      if (sid === workspaceSid.value) layouts.value = saved
      if (!shareMode.value) await loadSharing()
    } catch (error) {
      console.warn('[routedesk] layouts refresh failed:', errorMessage(error))
    }
  }

  async function saveLayout(sid: string | null, name: string, fields: WallboardLayoutFields): Promise<WallboardLayout> {
    const workspace = requireWorkspace()
    const saved = sid === null ? await call('wallboardLayouts.create', { workspace_sid: workspace, name, ...fields }) : await call('wallboardLayouts.update', { workspace_sid: workspace, sid, name, ...fields })
    layouts.value = upsert(layouts.value, saved)
    selectLayout(saved.sid)
    return saved
  }

  async function deleteLayout(sid: string): Promise<void> {
    await call('wallboardLayouts.delete', { workspace_sid: requireWorkspace(), sid })
    layouts.value = layouts.value.filter((candidate) => candidate.sid !== sid)
    if (selectedLayoutSid.value === sid) selectLayout(layouts.value[0]?.sid ?? null)
  }

  async function loadSharing(): Promise<void> {
    const sid = workspaceSid.value
    if (!sid) return
    const [current, links] = await Promise.all([call('wallboardSettings.get', { workspace_sid: sid }), call('shareLinks.list', { workspace_sid: sid })])
    if (sid !== workspaceSid.value) return
    settings.value = current
    shareLinks.value = links
  }

  async function setSharing(enabled: boolean): Promise<void> {
    settings.value = await call('wallboardSettings.update', { workspace_sid: requireWorkspace(), sharing_enabled: enabled })
  }

  /** Creates a link; the token is in this answer only, so the caller shows the URL now. */
  async function createShareLink(name: string, layoutSid: string | null): Promise<{ link: ShareLink; path: string }> {
    const created = await call('shareLinks.create', { workspace_sid: requireWorkspace(), name, layout_sid: layoutSid })
    shareLinks.value = upsert(shareLinks.value, created.link)
    return { link: created.link, path: created.path }
  }

  async function revokeShareLink(sid: string): Promise<void> {
    const revoked = await call('shareLinks.revoke', { workspace_sid: requireWorkspace(), sid })
    shareLinks.value = upsert(shareLinks.value, revoked)
  }

  async function deleteShareLink(sid: string): Promise<void> {
    await call('shareLinks.delete', { workspace_sid: requireWorkspace(), sid })
    shareLinks.value = shareLinks.value.filter((link) => link.sid !== sid)
  }

  function requireWorkspace(): string {
    if (!workspaceSid.value) throw new Error('No wallboard is open')
    return workspaceSid.value
  }

  return {
    workspaceSid, shareMode, status, loadError, snapshot, kpis30m, updatedAt, snapshotReceivedAt, layouts, selectedLayoutSid, series, seriesVersion, grid, gridVersion, alerts, settings, shareLinks,
    layout, workspaceKpis, queues, channels,
    open, close, load, receiveSnapshot, receiveWallboard, refetchGrid, evaluateAlerts, onRaised, onGridChange, selectLayout, saveLayout, deleteLayout, loadSharing, setSharing, createShareLink, revokeShareLink, deleteShareLink,
  }
})

function upsert<T extends { sid: string }>(list: readonly T[], item: T): T[] {
  const index = list.findIndex((candidate) => candidate.sid === item.sid)
  return index < 0 ? [...list, item] : list.map((candidate, at) => (at === index ? item : candidate))
}

function readSelected(workspaceSid: string): string | null {
  try {
    return globalThis.localStorage?.getItem(SELECTED_KEY + workspaceSid) ?? null
  } catch {
    return null
  }
}

function writeSelected(workspaceSid: string, layoutSid: string | null): void {
  try {
    if (layoutSid === null) globalThis.localStorage?.removeItem(SELECTED_KEY + workspaceSid)
    else globalThis.localStorage?.setItem(SELECTED_KEY + workspaceSid, layoutSid)
  } catch {
    // Storage may be disabled: the choice then lasts for this session only.
  }
}
