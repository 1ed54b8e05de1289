import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { call, errorMessage } from '@renderer/app/api'
import type { LoadStatus } from '@renderer/features/workspaces/workspaces.store'
import { useWorkspacesStore } from '@renderer/features/workspaces/workspaces.store'
import { taskLabel } from './paletteSearch'
import type { PaletteItem } from './paletteSearch'

/**
 * The command palette (Ctrl/Cmd+K): whether it is open and what it can jump to. The open
 * workspace's workers, queues, workflows and live tasks are fetched each time it opens (a
 * fresh look-up, not a cache to keep current); workspaces come from the workspaces store.
 * Each result routes to its area with `?select=<sid>`, which the area turns into its drawer.
 */
export const usePaletteStore = defineStore('palette', () => {
  // state
  const isOpen = ref(false)
  const workspaceSid = ref<string | null>(null)
  const resources = ref<PaletteItem[]>([])
  const status = ref<LoadStatus>('idle')
  const loadError = ref<string | null>(null)

  // getters
  const workspaces = useWorkspacesStore()
  const items = computed<PaletteItem[]>(() => [
    ...resources.value,
    ...workspaces.workspaces.map((workspace) => ({
      kind: 'workspace' as const,
      sid: workspace.sid,
      label: workspace.friendly_name,
      detail: 'Workspace',
      to: { name: 'overview', params: { workspaceSid: workspace.sid } },
    })),
  ])

  // actions
  let loadSeq = 0
  async function load(): Promise<void> {
    const sid = workspaceSid.value
    resources.value = []
    if (!sid) {
      status.value = 'ready'
      return
    }
    const seq = ++loadSeq
    status.value = 'loading'
    const input = { workspace_sid: sid }
    const at = (name: string, select: string) => ({ name, params: { workspaceSid: sid }, query: { select } })
    try {
      const [workers, queues, workflows, tasks] = await Promise.all([
        call('workers.list', input),
        call('queues.list', input),
        call('workflows.list', input),
        call('tasks.list', { ...input, assignment_status: ['pending', 'reserved', 'assigned', 'wrapping'] }),
      ])
      if (seq !== loadSeq) return
      resources.value = [
        ...workers.map((w): PaletteItem => ({ kind: 'worker', sid: w.sid, label: w.friendly_name, detail: `Worker · ${w.activity_name}`, to: at('workers', w.sid) })),
        ...queues.map((q): PaletteItem => ({ kind: 'queue', sid: q.sid, label: q.friendly_name, detail: `Queue · ${q.target_workers}`, to: at('queues', q.sid) })),
        ...workflows.map((f): PaletteItem => ({ kind: 'workflow', sid: f.sid, label: f.friendly_name, detail: 'Workflow', to: { name: 'workflows', params: { workspaceSid: sid } } })),
        ...tasks.map((t): PaletteItem => ({ kind: 'task', sid: t.sid, label: taskLabel(t), detail: `Task · ${t.assignment_status}${t.task_queue_friendly_name ? ` · ${t.task_queue_friendly_name}` : ''}`, to: at('tasks', t.sid) })),
      ]
      status.value = 'ready'
      loadError.value = null
    } catch (error) {
      if (seq !== loadSeq) return
      status.value = 'error'
      loadError.value = errorMessage(error)
    }
  }

  /** Opens the palette over `sid`'s resources (null: outside a workspace, workspaces only). */
  async function open(sid: string | null): Promise<void> {
    workspaceSid.value = sid
    isOpen.value = true
    await load()
  }

  function close(): void {
    isOpen.value = false
  }

  return { isOpen, workspaceSid, items, status, loadError, open, close, load }
})
