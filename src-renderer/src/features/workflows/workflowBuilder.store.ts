import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type { RouteExplanation, TaskQueue, Workflow, WorkflowProblem, WorkflowSample, WorkflowVersion } from '@contract'
import { ApiCallError, call, errorMessage } from '@renderer/app/api'
import { onLiveStats } from '@renderer/app/liveStats'
import { onResourcesChanged } from '@renderer/app/liveRefresh'
import type { LoadStatus } from '@renderer/features/workspaces/workspaces.store'
import type { QueueInfo } from './model/workflowGraph'
import { useWorkflowDocument } from './useWorkflowDocument'

/** How the draft on screen relates to the stored one. */
export type SaveState = 'saved' | 'unsaved' | 'saving' | 'error' | 'conflict'

/** Autosave waits for a pause in typing; checks run sooner so problems follow the keyboard. */
export const AUTOSAVE_DELAY_MS = 800
export const CHECK_DELAY_MS = 250

/**
 * The builder of one workflow: its draft (autosaved, with revision checks so two windows do not
 * overwrite each other), the checks of what is on screen, publishing, versions and rollback,
 * saved samples and the route explanation. Queue names and live eligible/available counts come
 * from `queues.list` plus the live statistics snapshot (app/liveStats; no polling).
 */
export const useWorkflowBuilderStore = defineStore('workflowBuilder', () => {
  // state
  const doc = useWorkflowDocument()
  const workspaceSid = ref<string | null>(null)
  const workflowSid = ref<string | null>(null)
  const workflow = ref<Workflow | null>(null)
  const status = ref<LoadStatus>('idle')
  const loadError = ref<string | null>(null)

  const draftRevision = ref(0)
  const basedOnVersion = ref<number | null>(null)
  const saveState = ref<SaveState>('saved')
  const saveError = ref<string | null>(null)

  const problems = ref<WorkflowProblem[]>([])
  const checking = ref(false)
  const checkError = ref<string | null>(null)

  const queues = ref<TaskQueue[]>([])
  const liveCounts = ref<Record<string, { eligible: number; available: number }>>({})
  const versions = ref<WorkflowVersion[]>([])
  const samples = ref<WorkflowSample[]>([])
  const explanation = ref<RouteExplanation | null>(null)
  const explaining = ref(false)
  const explainError = ref<string | null>(null)

  // getters
  const errors = computed(() => problems.value.filter((problem) => problem.severity === 'error'))
  const warnings = computed(() => problems.value.filter((problem) => problem.severity === 'warning'))
  const queueInfo = computed<ReadonlyMap<string, QueueInfo>>(
    () => new Map(queues.value.map((queue) => [queue.sid, { name: queue.friendly_name, eligible: liveCounts.value[queue.sid]?.eligible ?? null, available: liveCounts.value[queue.sid]?.available ?? null }])),
  )
  const latestVersion = computed(() => versions.value[0] ?? null)
  /** True when the text on screen differs from what is live. */
  const differsFromPublished = computed(() => workflow.value !== null && doc.text.value !== workflow.value.configuration)

  // actions
  const inWorkflow = (): { workspace_sid: string; workflow_sid: string } => ({ workspace_sid: workspaceSid.value!, workflow_sid: workflowSid.value! })

  let openSeq = 0
  async function open(wsSid: string, wfSid: string): Promise<void> {
    const seq = ++openSeq
    cancelTimers()
    workspaceSid.value = wsSid
    workflowSid.value = wfSid
    status.value = 'loading'
    explanation.value = null
    problems.value = []
    startLive()
    try {
      const [loaded, draft] = await Promise.all([call('workflows.get', { workspace_sid: wsSid, sid: wfSid }), call('workflowDrafts.get', { workspace_sid: wsSid, workflow_sid: wfSid }), loadQueues()])
      if (seq !== openSeq) return
      workflow.value = loaded
      draftRevision.value = draft.revision
      basedOnVersion.value = draft.based_on_version
      doc.load(draft.configuration)
      saveState.value = 'saved'
      saveError.value = null
      status.value = 'ready'
      loadError.value = null
      await Promise.all([check(), loadVersions(), loadSamples()])
    } catch (error) {
      if (seq !== openSeq) return
      status.value = 'error'
      loadError.value = errorMessage(error)
    }
  }

  async function loadQueues(): Promise<void> {
    const sid = workspaceSid.value
    if (!sid) return
    queues.value = await call('queues.list', { workspace_sid: sid })
    try {
      applySnapshot(await call('stats.snapshot', { workspace_sid: sid }))
    } catch {
      // Counts then arrive with the next pushed snapshot; the canvas shows "…" meanwhile.
    }
  }

  function applySnapshot(snapshot: { workspace_sid: string; queues: Array<{ task_queue_sid: string; total_eligible_workers: number; total_available_workers: number }> }): void {
    if (snapshot.workspace_sid !== workspaceSid.value) return
    const next: Record<string, { eligible: number; available: number }> = {}
    for (const queue of snapshot.queues) next[queue.task_queue_sid] = { eligible: queue.total_eligible_workers, available: queue.total_available_workers }
    liveCounts.value = next
  }

  async function loadVersions(): Promise<void> {
    if (!workflowSid.value) return
    versions.value = await call('workflowVersions.list', inWorkflow())
  }

  async function loadSamples(): Promise<void> {
    if (!workflowSid.value) return
    samples.value = await call('workflowSamples.list', inWorkflow())
  }

  let stops: Array<() => void> = []
  function startLive(): void {
    if (stops.length) return
    stops = [
      onLiveStats(applySnapshot),
      onResourcesChanged(['task_queue'], (sid) => {
        if (sid === null || sid === workspaceSid.value) void loadQueues().then(() => scheduleCheck())
      }),
      // A REST `workflows.update` elsewhere records a version and changes what is live.
      onResourcesChanged(['workflow'], (sid) => {
        if ((sid === null || sid === workspaceSid.value) && workflowSid.value) void refreshWorkflow()
      }),
    ]
  }

  async function refreshWorkflow(): Promise<void> {
    try {
      workflow.value = await call('workflows.get', { workspace_sid: workspaceSid.value!, sid: workflowSid.value! })
      await loadVersions()
    } catch {
      // Deleted meanwhile: the view shows the load error on the next open.
    }
  }

  // Edits -> autosave and checks, each debounced.
  let saveTimer: ReturnType<typeof setTimeout> | null = null
  let checkTimer: ReturnType<typeof setTimeout> | null = null
  function cancelTimers(): void {
    if (saveTimer) clearTimeout(saveTimer)
    if (checkTimer) clearTimeout(checkTimer)
    saveTimer = null
    checkTimer = null
  }
  function scheduleCheck(): void {
    if (checkTimer) clearTimeout(checkTimer)
    checkTimer = setTimeout(() => {
      checkTimer = null
      void check()
    }, CHECK_DELAY_MS)
  }
  watch(doc.editCount, () => {
    if (status.value !== 'ready') return
    if (saveState.value !== 'conflict') saveState.value = 'unsaved'
    if (saveTimer) clearTimeout(saveTimer)
    saveTimer = setTimeout(() => {
      saveTimer = null
      void saveDraft()
    }, AUTOSAVE_DELAY_MS)
    scheduleCheck()
  })

  let saving: Promise<void> | null = null
  /**
   * Stores the text on screen as the draft now. A revision mismatch (another window saved
   * meanwhile) is not overwritten: the state becomes 'conflict' until the admin chooses.
   */
  async function saveDraft(options: { force?: boolean } = {}): Promise<void> {
    if (saveTimer) clearTimeout(saveTimer)
    saveTimer = null
    if (saving) await saving
    if (saveState.value === 'saved' || (saveState.value === 'conflict' && !options.force)) return
    const text = doc.text.value
    if (!text.trim()) return
    saveState.value = 'saving'
    saving = (async () => {
      try {
        const saved = await call('workflowDrafts.save', { ...inWorkflow(), configuration: text, ...(options.force ? {} : { if_revision: draftRevision.value }) })
        draftRevision.value = saved.revision
        saveState.value = doc.text.value === text ? 'saved' : 'unsaved'
        saveError.value = null
      } catch (error) {
        const conflict = error instanceof ApiCallError && error.param === 'if_revision'
        saveState.value = conflict ? 'conflict' : 'error'
        saveError.value = conflict ? 'This draft was changed in another window.' : errorMessage(error)
      } finally {
        saving = null
      }
    })()
    await saving
  }

  let checkSeq = 0
  async function check(): Promise<void> {
    if (!workspaceSid.value) return
    const seq = ++checkSeq
    checking.value = true
    try {
      const result = await call('workflows.check', { workspace_sid: workspaceSid.value, workflow_sid: workflowSid.value ?? undefined, configuration: doc.text.value })
      if (seq !== checkSeq) return
      problems.value = result.problems
      checkError.value = null
    } catch (error) {
      if (seq !== checkSeq) return
      checkError.value = errorMessage(error)
    } finally {
      if (seq === checkSeq) checking.value = false
    }
  }

  /** Drops the stored draft and shows what is live again. */
  async function discardDraft(): Promise<void> {
    cancelTimers()
    const draft = await call('workflowDrafts.discard', inWorkflow())
    draftRevision.value = draft.revision
    doc.load(draft.configuration)
    saveState.value = 'saved'
    saveError.value = null
    await check()
  }

  /** Loads the stored draft over what is on screen (after a conflict). */
  async function reloadDraft(): Promise<void> {
    cancelTimers()
    const draft = await call('workflowDrafts.get', inWorkflow())
    draftRevision.value = draft.revision
    doc.load(draft.configuration)
    saveState.value = 'saved'
    saveError.value = null
    await check()
  }

  /**
   * Publishes what is on screen as a new version.
   * @returns the warnings the server still found (publishing went ahead).
   * @throws ApiCallError when checks find errors (details.problems) or the workflow is gone.
   */
  async function publish(message: string): Promise<WorkflowProblem[]> {
    cancelTimers()
    const result = await call('workflowVersions.publish', { ...inWorkflow(), message, configuration: doc.text.value })
    afterPublish(result.workflow, result.version)
    return result.warnings
  }

  /** Re-publishes version `version` as a new version and shows it. */
  async function rollback(version: number): Promise<WorkflowVersion> {
    cancelTimers()
    const result = await call('workflowVersions.rollback', { ...inWorkflow(), version })
    afterPublish(result.workflow, result.version)
    return result.version
  }

  function afterPublish(published: Workflow, version: WorkflowVersion): void {
    workflow.value = published
    versions.value = [version, ...versions.value.filter((item) => item.version !== version.version)]
    basedOnVersion.value = version.version
    draftRevision.value = 0
    doc.load(published.configuration)
    saveState.value = 'saved'
    void check()
  }

  /** Dry-runs task attributes through the configuration on screen. */
  async function explain(attributes: string, taskChannel?: string): Promise<void> {
    explaining.value = true
    explainError.value = null
    try {
      explanation.value = await call('workflows.explainRoute', {
        workspace_sid: workspaceSid.value!,
        configuration: doc.text.value,
        attributes,
        ...(taskChannel ? { task_channel: taskChannel } : {}),
      })
    } catch (error) {
      explanation.value = null
      explainError.value = errorMessage(error)
    } finally {
      explaining.value = false
    }
  }

  function clearExplanation(): void {
    explanation.value = null
    explainError.value = null
  }

  /** @throws ApiCallError (`param` names the field at fault). */
  async function saveSample(name: string, attributes: string): Promise<WorkflowSample> {
    const saved = await call('workflowSamples.save', { ...inWorkflow(), name, attributes })
    samples.value = [...samples.value.filter((sample) => sample.sid !== saved.sid), saved]
    return saved
  }

  async function deleteSample(sid: string): Promise<void> {
    await call('workflowSamples.delete', { ...inWorkflow(), sid })
    samples.value = samples.value.filter((sample) => sample.sid !== sid)
  }

  /** A version's configuration (the list already carries it; fetched if it is not there). */
  async function versionText(version: number): Promise<string> {
    const known = versions.value.find((item) => item.version === version)
    if (known) return known.configuration
    return (await call('workflowVersions.get', { ...inWorkflow(), version })).configuration
  }

  /** Stops live updates and timers (the builder view was left). */
  function close(): void {
    cancelTimers()
    for (const stop of stops) stop()
    stops = []
    openSeq += 1
  }

  return {
    doc,
    workspaceSid,
    workflowSid,
    workflow,
    status,
    loadError,
    draftRevision,
    basedOnVersion,
    saveState,
    saveError,
    problems,
    checking,
    checkError,
    queues,
    liveCounts,
    versions,
    samples,
    explanation,
    explaining,
    explainError,
    errors,
    warnings,
    queueInfo,
    latestVersion,
    differsFromPublished,
    open,
    check,
    saveDraft,
    discardDraft,
    reloadDraft,
    publish,
    rollback,
    explain,
    clearExplanation,
    saveSample,
    deleteSample,
    versionText,
    loadVersions,
    close,
  }
})
