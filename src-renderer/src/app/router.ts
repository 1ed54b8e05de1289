import { createRouter, createWebHashHistory } from 'vue-router'
import type { Router, RouterHistory, RouteRecordRaw } from 'vue-router'
import { AREAS } from './areas'
import AreaNotBuilt from './AreaNotBuilt.vue'
import NotFoundView from './NotFoundView.vue'
import WorkspaceListView from '@renderer/features/workspaces/WorkspaceListView.vue'
import WorkspaceOverviewView from '@renderer/features/overview/WorkspaceOverviewView.vue'
import ActivityListView from '@renderer/features/activities/ActivityListView.vue'
import ChannelListView from '@renderer/features/channels/ChannelListView.vue'
import WorkerListView from '@renderer/features/workers/WorkerListView.vue'
import QueueListView from '@renderer/features/queues/QueueListView.vue'
import TaskListView from '@renderer/features/tasks/TaskListView.vue'
import EventListView from '@renderer/features/events/EventListView.vue'
import SettingsView from '@renderer/features/settings/SettingsView.vue'
import HealthView from '@renderer/features/health/HealthView.vue'
import WallboardView from '@renderer/features/wallboard/WallboardView.vue'
import WorkflowsArea from '@renderer/features/workflows/WorkflowsArea.vue'
import SimulateView from '@renderer/features/simulate/SimulateView.vue'

const builtAreas: Record<string, RouteRecordRaw['component']> = {
  workers: WorkerListView,
  queues: QueueListView,
  tasks: TaskListView,
  events: EventListView,
  activities: ActivityListView,
  channels: ChannelListView,
  settings: SettingsView,
  wallboard: WallboardView,
  workflows: WorkflowsArea,
  simulate: SimulateView,
}

/**
 * The app's routes. Hash history by default: it works from `file://` (Electron) and over HTTP
 * alike, with no server-side fallback needed. Tests pass `createMemoryHistory()`.
 *
 * @example
 * app.use(createAppRouter())
 */
export function createAppRouter(history: RouterHistory = createWebHashHistory()): Router {
  const areaRoutes: RouteRecordRaw[] = AREAS.map((area) => {
    const component = builtAreas[area.name]
    return component
      ? { path: `/workspaces/:workspaceSid/${area.name}`, name: area.name, component, props: true, meta: { title: area.label } }
      : {
          path: `/workspaces/:workspaceSid/${area.name}`,
          name: area.name,
          component: AreaNotBuilt,
          props: { area: area.label, purpose: area.purpose },
          meta: { title: area.label },
        }
  })
  return createRouter({
    history,
    routes: [
      { path: '/', name: 'workspaces', component: WorkspaceListView, meta: { title: 'Workspaces' } },
      { path: '/workspaces/:workspaceSid', redirect: (to) => ({ name: 'overview', params: to.params }) },
      { path: '/workspaces/:workspaceSid/overview', name: 'overview', component: WorkspaceOverviewView, props: true, meta: { title: 'Overview' } },
      ...areaRoutes,
      { path: '/workspaces/:workspaceSid/health', name: 'health', component: HealthView, props: true, meta: { title: 'Health' } },
      { path: '/:pathMatch(.*)*', name: 'not-found', component: NotFoundView, meta: { title: 'Not found' } },
    ],
  })
}
