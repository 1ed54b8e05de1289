import type { InjectionKey, Ref } from 'vue'
import type { QueueInfo } from '../model/workflowGraph'

/** Queue names and live counts, provided by the canvas to its nodes (counts change without a relayout). */
export const QUEUE_INFO_KEY: InjectionKey<Ref<ReadonlyMap<string, QueueInfo>>> = Symbol('workflow-queue-info')
