import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type { SimulatedRoute } from '@contract'
import { call, errorMessage } from '@renderer/app/api'
import { simulationMoments, type SimulatedPosition } from './model/simulationMoments'
import { useWorkflowBuilderStore } from './workflowBuilder.store'

/**
 * "Step through time": a `workflows.simulateRoute` run of the configuration on screen and the
 * instant the user is looking at. The builder's canvas highlights the step the task is in at
 * that instant (`activePosition`), the Try it pane lists the timeline.
 */
export const useWorkflowSimulationStore = defineStore('workflowSimulation', () => {
  const builder = useWorkflowBuilderStore()
  const result = ref<SimulatedRoute | null>(null)
  const running = ref(false)
  const error = ref<string | null>(null)
  /** Index into `moments`; null when no run is shown. */
  const momentIndex = ref<number | null>(null)

  const moments = computed(() => (result.value?.ok ? simulationMoments(result.value.timeline) : []))
  const activeMoment = computed(() => (momentIndex.value === null ? null : moments.value[momentIndex.value] ?? null))
  const activePosition = computed<SimulatedPosition | null>(() => activeMoment.value?.position ?? null)

  async function simulate(attributes: string, taskChannel?: string): Promise<void> {
    running.value = true
    error.value = null
    try {
      result.value = await call('workflows.simulateRoute', {
        workspace_sid: builder.workspaceSid!,
        ...(builder.workflowSid ? { workflow_sid: builder.workflowSid } : {}),
        configuration: builder.doc.text,
        attributes,
        ...(taskChannel ? { task_channel: taskChannel } : {}),
      })
      momentIndex.value = moments.value.length > 0 ? 0 : null
    } catch (caught) {
      clear()
      error.value = errorMessage(caught)
    } finally {
      running.value = false
    }
  }

  function show(index: number): void {
    if (moments.value.length === 0) return
    momentIndex.value = Math.min(Math.max(0, index), moments.value.length - 1)
  }

  function clear(): void {
    result.value = null
    momentIndex.value = null
    error.value = null
  }

  // Another workflow opened: the old run says nothing about it.
  watch(() => builder.workflowSid, clear)

  return { result, running, error, momentIndex, moments, activeMoment, activePosition, simulate, show, clear }
})
