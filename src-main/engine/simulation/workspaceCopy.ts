import type { Engine } from '../engine'

/**
 * What a simulation copies from a live workspace to route "against the current workers": the
 * configuration only (no tasks, no history), read through the engine's public queries so the
 * copy never depends on internal records. SIDs are kept only to remap workflow configurations.
 */
export interface WorkspaceCopy {
  multiTaskEnabled: boolean
  activities: Array<{ friendly_name: string; available: boolean }>
  channels: Array<{ unique_name: string; friendly_name: string }>
  queues: Array<{ sid: string; friendly_name: string; target_workers: string; task_order: 'FIFO' | 'LIFO'; max_reserved_workers: number }>
  workflows: Array<{ sid: string; friendly_name: string; configuration: string; task_reservation_timeout: number }>
  workers: Array<{ friendly_name: string; attributes: string; available: boolean; capacities: Record<string, number> }>
}

export function copyWorkspace(engine: Pick<Engine, 'query'>, workspaceSid: string): WorkspaceCopy {
  const workspace = engine.query('workspaces.get', { sid: workspaceSid })
  const inWorkspace = { workspace_sid: workspaceSid }
  return {
    multiTaskEnabled: workspace.multi_task_enabled,
    activities: engine.query('activities.list', inWorkspace).map(({ friendly_name, available }) => ({ friendly_name, available })),
    channels: engine.query('channels.list', inWorkspace).map(({ unique_name, friendly_name }) => ({ unique_name, friendly_name })),
    queues: engine.query('queues.list', inWorkspace).map(({ sid, friendly_name, target_workers, task_order, max_reserved_workers }) => ({ sid, friendly_name, target_workers, task_order, max_reserved_workers })),
    workflows: engine.query('workflows.list', inWorkspace).map(({ sid, friendly_name, configuration, task_reservation_timeout }) => ({ sid, friendly_name, configuration, task_reservation_timeout })),
    workers: engine.query('workers.list', inWorkspace).map((worker) => ({
      friendly_name: worker.friendly_name,
      attributes: worker.attributes,
      available: worker.available,
      capacities: Object.fromEntries(engine.query('workerChannels.list', { workspace_sid: workspaceSid, worker_sid: worker.sid }).map((channel) => [channel.task_channel_unique_name, channel.configured_capacity])),
    })),
  }
}
