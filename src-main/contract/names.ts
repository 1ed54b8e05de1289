/**
 * Plain name lists with no schema imports, so the preload bundle stays tiny and can check
 * every channel name against them. A test asserts they match the tables in methods.ts and
 * pushEvents.ts.
 */
export const methodNames = [
  'system.info',
  'workspaces.list', 'workspaces.get', 'workspaces.create', 'workspaces.update', 'workspaces.delete',
  'workspaceCounts.get',
  'activities.list', 'activities.get', 'activities.create', 'activities.update', 'activities.delete',
  'channels.list', 'channels.get', 'channels.create', 'channels.update', 'channels.delete',
  'workers.list', 'workers.get', 'workers.create', 'workers.update', 'workers.delete',
  'workerChannels.list', 'workerChannels.get', 'workerChannels.update',
  'queues.list', 'queues.get', 'queues.create', 'queues.update', 'queues.delete',
  'workflows.list', 'workflows.get', 'workflows.create', 'workflows.update', 'workflows.delete',
  'tasks.list', 'tasks.get', 'tasks.create', 'tasks.update', 'tasks.delete',
  'reservations.list', 'reservations.get', 'reservations.update',
  'expressions.compile', 'expressions.explain', 'expressions.lint',
  'events.list', 'events.get',
  'stats.workspace', 'statsRealtime.workspace', 'statsCumulative.workspace',
  'stats.queue', 'statsRealtime.queue', 'statsCumulative.queue', 'stats.queues', 'statsRealtime.queues',
  'stats.workers', 'statsRealtime.workers', 'statsCumulative.workers', 'stats.worker',
  'stats.workflow', 'statsRealtime.workflow', 'statsCumulative.workflow',
  'stats.kpis', 'stats.snapshot', 'stats.series', 'stats.live',
  'webhooks.deliveries',
  'system.backup', 'system.listBackups',
  'credentials.get', 'credentials.rotate', 'apiKeys.create', 'apiKeys.revoke', 'sessions.revokeAll',
  'workflowDrafts.get', 'workflowDrafts.save', 'workflowDrafts.discard',
  'workflowVersions.list', 'workflowVersions.get', 'workflowVersions.publish', 'workflowVersions.rollback',
  'workflows.check', 'workflows.explainRoute', 'workflows.simulateRoute',
  'workflowSamples.list', 'workflowSamples.save', 'workflowSamples.delete',
  'settings.get', 'settings.update', 'workspaces.export', 'workspaceImports.upload', 'workspaceImports.start', 'workspaceImports.continue',
  'wallboardLayouts.list', 'wallboardLayouts.get', 'wallboardLayouts.create', 'wallboardLayouts.update', 'wallboardLayouts.delete',
  'wallboardAgents.get', 'wallboardAgents.tiles', 'wallboardSettings.get', 'wallboardSettings.update',
  'shareLinks.list', 'shareLinks.create', 'shareLinks.revoke', 'shareLinks.delete', 'shareLinks.authorize',
  'simulations.start', 'simulations.status', 'simulations.cancel', 'simulations.erlang', 'simulations.example',
  'simulationRuns.list', 'simulationRuns.get', 'simulationRuns.create', 'simulationRuns.delete',
] as const

export const pushEventNames = ['app.changed', 'app.health', 'app.event', 'app.statsDelta', 'app.webhook', 'app.wallboard', 'app.simulation'] as const

export type PushEventName = (typeof pushEventNames)[number]

/** The two Electron IPC channels: one for invoke, one for pushed events. */
export const ipcChannels = { invoke: 'routedesk:invoke', event: 'routedesk:event' } as const
