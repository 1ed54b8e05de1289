/**
 * The sidebar's areas of a workspace, in menu order. `built: false` areas render
 * `AreaNotBuilt` with `purpose` until their feature folder exists.
 */
export interface AreaDefinition {
  /** Route name and path segment: `/workspaces/:workspaceSid/<name>`. */
  name: string
  label: string
  built: boolean
  /** One sentence: what the area does (or will do). */
  purpose: string
}

export const AREAS: readonly AreaDefinition[] = [
  { name: 'workers', label: 'Workers', built: true, purpose: 'The agents of this workspace with their activity, attributes and channel capacity.' },
  { name: 'queues', label: 'Queues', built: true, purpose: 'Task queues, their target-worker expressions and ordering, and who each one matches.' },
  { name: 'workflows', label: 'Workflows', built: true, purpose: 'The visual builder for routing workflows: draw, check and try routing on a draft, then publish versions you can compare and roll back.' },
  { name: 'tasks', label: 'Tasks', built: true, purpose: 'Tasks with their status, queue and reservations; create, cancel and complete them.' },
  { name: 'events', label: 'Events', built: true, purpose: 'A live, searchable log of everything that happened in this workspace, newest first.' },
  { name: 'activities', label: 'Activities', built: true, purpose: 'The states a worker can be in, and whether each one makes the worker available for tasks.' },
  { name: 'channels', label: 'Channels', built: true, purpose: 'The kinds of work (voice, chat, email, ...) tasks arrive on; workers have a capacity per channel.' },
  { name: 'wallboard', label: 'Wallboard', built: true, purpose: 'Live queue and agent statistics as charts and an agent grid, with thresholds and alerts, saved layouts, a full-screen TV mode and read-only share links.' },
  { name: 'simulate', label: 'Simulate', built: true, purpose: 'Run a scenario (arrivals, handle times, patience, staffing) through the real engine faster than real time, next to Erlang C/A; compare runs and draft workflows before publishing.' },
  { name: 'settings', label: 'Settings', built: true, purpose: "This workspace's default and timeout activities, multitasking, queue order, event callback URL and filter; and this Routedesk's version and data folder." },
]

/** Route names that live inside a workspace (the switcher keeps you in the same area). */
export const WORKSPACE_ROUTE_NAMES: readonly string[] = ['overview', 'health', ...AREAS.map((area) => area.name)]
