import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { ErlangEstimate, MethodInput, SimulationResult, SimulationRun, SimulationRunSummary, SimulationStatus, Workflow } from '@contract'
import { call, errorMessage, onResync, subscribe } from '@renderer/app/api'

export type SourceKind = 'scenario' | 'workspace'

/**
 * The Simulate area: the scenario being edited (JSON text), what it runs against, the run in
 * progress (pushed `app.simulation` progress; cancel), the saved runs of the workspace, and up
 * to two opened runs shown side by side.
 */
export const useSimulateStore = defineStore('simulate', () => {
  // state
  const workspaceSid = ref<string | null>(null)
  const scenarioText = ref('')
  const sourceKind = ref<SourceKind>('scenario')
  const workflowSid = ref<string | null>(null)
  /** Run the workflow's draft (workflow builder) instead of its published configuration. */
  const useDraft = ref(false)
  const workersMode = ref<'all' | 'available'>('all')
  /** Run with include_events, so the run keeps (and saves) its event log. */
  const includeEvents = ref(false)
  const workflows = shallowRef<Workflow[]>([])
  const current = ref<SimulationStatus | null>(null)
  const runs = shallowRef<SimulationRunSummary[]>([])
  /** Opened runs (at most two: the second is the comparison). */
  const opened = shallowRef<SimulationRun[]>([])
  const lastResult = shallowRef<SimulationResult | null>(null)
  const error = ref<string | null>(null)
  const errorParam = ref<string | null>(null)

  // getters
  const running = computed(() => current.value?.status === 'running')
  const scenarioProblem = computed(() => {
    try {
      const value: unknown = JSON.parse(scenarioText.value)
      return value && typeof value === 'object' && !Array.isArray(value) ? null : 'The scenario must be a JSON object'
    } catch (problem) {
      return `Not valid JSON: ${errorMessage(problem)}`
    }
  })

  // actions
  let stopPush: (() => void) | null = null
  let stopResync: (() => void) | null = null

  async function open(sid: string): Promise<void> {
    if (workspaceSid.value !== sid) {
      workspaceSid.value = sid
      opened.value = []
      lastResult.value = null
      current.value = null
      error.value = null
      if (!scenarioText.value) await loadExample()
    }
    stopPush ??= subscribe('app.simulation', onPush)
    stopResync ??= onResync(() => void refreshRuns())
    await Promise.all([refreshRuns(), refreshWorkflows()])
  }

  function close(): void {
    stopPush?.()
    stopResync?.()
    stopPush = null
    stopResync = null
  }

  async function loadExample(): Promise<void> {
    if (!workspaceSid.value) return
    const example = await call('simulations.example', { workspace_sid: workspaceSid.value })
    scenarioText.value = JSON.stringify(example, null, 2)
  }

  async function refreshRuns(): Promise<void> {
    if (!workspaceSid.value) return
    runs.value = await call('simulationRuns.list', { workspace_sid: workspaceSid.value })
  }

  async function refreshWorkflows(): Promise<void> {
    if (!workspaceSid.value) return
    workflows.value = await call('workflows.list', { workspace_sid: workspaceSid.value })
    if (workflowSid.value && !workflows.value.some((workflow) => workflow.sid === workflowSid.value)) workflowSid.value = null
  }

  async function sourceInput(): Promise<MethodInput<'simulations.start'>['source']> {
    if (sourceKind.value === 'scenario') return { kind: 'scenario' }
    const source: NonNullable<MethodInput<'simulations.start'>['source']> & { kind: 'workspace' } = { kind: 'workspace', workers: workersMode.value }
    if (workflowSid.value) source.workflow_sid = workflowSid.value
    if (useDraft.value && workflowSid.value && workspaceSid.value) {
      const draft = await call('workflowDrafts.get', { workspace_sid: workspaceSid.value, workflow_sid: workflowSid.value })
      source.configuration = draft.configuration
    }
    return source
  }

  async function start(): Promise<void> {
    if (!workspaceSid.value || scenarioProblem.value) return
    error.value = null
    errorParam.value = null
    try {
      const written = JSON.parse(scenarioText.value) as MethodInput<'simulations.start'>['scenario']
      const scenario = includeEvents.value ? { ...written, include_events: true } : written
      current.value = await call('simulations.start', { workspace_sid: workspaceSid.value, scenario, source: await sourceInput() })
    } catch (problem) {
      error.value = errorMessage(problem)
      errorParam.value = (problem as { param?: string }).param ?? null
    }
  }

  async function cancel(): Promise<void> {
    if (!current.value) return
    current.value = await call('simulations.cancel', { run_id: current.value.run_id })
  }

  function onPush(status: SimulationStatus): void {
    if (status.workspace_sid !== workspaceSid.value) return
    if (current.value && status.run_id !== current.value.run_id) {
      if (status.status === 'done') void refreshRuns()
      return
    }
    current.value = status
    if (status.status === 'failed') error.value = status.error?.message ?? 'The simulation failed'
    if (status.status === 'done') void finished(status)
  }

  async function finished(status: SimulationStatus): Promise<void> {
    await refreshRuns()
    if (status.saved_sid) await openRun(status.saved_sid, false)
    else lastResult.value = (await call('simulations.status', { run_id: status.run_id })).result
  }

  /** Shows a saved run; with `compare`, beside the one already shown. */
  async function openRun(sid: string, compare: boolean): Promise<void> {
    if (!workspaceSid.value) return
    const run = await call('simulationRuns.get', { workspace_sid: workspaceSid.value, sid })
    const first = opened.value[0]
    opened.value = compare && first && first.sid !== sid ? [first, run] : [run]
    lastResult.value = null
  }

  function closeComparison(): void {
    opened.value = opened.value.slice(0, 1)
  }

  async function deleteRun(sid: string): Promise<void> {
    if (!workspaceSid.value) return
    await call('simulationRuns.delete', { workspace_sid: workspaceSid.value, sid })
    opened.value = opened.value.filter((run) => run.sid !== sid)
    await refreshRuns()
  }

  /** Re-opens a saved run's scenario in the editor. */
  function editScenarioOf(run: SimulationRun): void {
    scenarioText.value = JSON.stringify(run.scenario, null, 2)
  }

  async function erlang(input: MethodInput<'simulations.erlang'>): Promise<ErlangEstimate> {
    return call('simulations.erlang', input)
  }

  return {
    workspaceSid, scenarioText, sourceKind, workflowSid, useDraft, workersMode, includeEvents, workflows, current, runs, opened, lastResult, error, errorParam,
    running, scenarioProblem,
    open, close, loadExample, refreshRuns, start, cancel, openRun, closeComparison, deleteRun, editScenarioOf, erlang,
  }
})
