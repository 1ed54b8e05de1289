import { z } from 'zod'
import type { MethodName, MethodOutput } from '../../contract/methods'
import { AgentGroupSchema, ArrivalStreamSchema, ScenarioQueueSchema } from '../../contract/simulation'
import type { Dispatch } from '../dispatch'

/**
 * The demo contact center (resources/demo/contact-center.json): queues, agent groups and
 * arrival streams in the scenario model's words, plus named workflows whose `queue` targets
 * name queues, and how the live demo behaves (share of agents logged in, accept delay, breaks).
 */
export const DemoCenterSchema = z.strictObject({
  name: z.string().min(1).max(64),
  description: z.string().max(1000).optional(),
  queues: z.array(ScenarioQueueSchema).min(1).max(100),
  agents: z.array(AgentGroupSchema).min(1).max(200),
  workflows: z.array(z.strictObject({ name: z.string().min(1).max(64), configuration: z.record(z.string(), z.unknown()) })).min(1).max(20),
  arrivals: z.array(ArrivalStreamSchema.extend({ workflow: z.string().min(1).max(64) })).min(1).max(200),
  logged_in_share: z.number().min(0).max(1).default(0.85),
  /** Seconds an agent takes to accept: uniform between the two. */
  accept_delay_seconds: z.tuple([z.number().min(0), z.number().min(0)]).default([2, 8]),
  breaks: z.strictObject({ per_agent_per_hour: z.number().min(0).max(10), minutes: z.tuple([z.number().min(1), z.number().min(1)]) }).default({ per_agent_per_hour: 0.25, minutes: [5, 15] }),
})
export type DemoCenter = z.output<typeof DemoCenterSchema>

export interface LoadedDemo {
  workspaceSid: string
  /** Workflow name -> SID. */
  workflows: Map<string, string>
  workerSids: string[]
  activities: { available: string; offline: string; break: string }
  /** True when the workspace existed already (left as it was). */
  reused: boolean
}

async function call<M extends MethodName>(dispatch: Dispatch, method: M, input: unknown): Promise<MethodOutput<M>> {
  const result = await dispatch(method, input)
  if (!result.ok) throw new Error(`${method}: ${result.error.message}${result.error.param ? ` (${result.error.param})` : ''}`)
  return result.data
}

/**
 * Creates the demo workspace through dispatch (so it is persisted and every page sees it), or
 * reuses a workspace that already has the demo's name: a second `--demo` start keeps its
 * history.
 */
export async function loadDemoCenter(dispatch: Dispatch, center: DemoCenter): Promise<LoadedDemo> {
  const existing = (await call(dispatch, 'workspaces.list', { friendly_name: center.name }))[0]
  const workspace = existing ?? (await call(dispatch, 'workspaces.create', { friendly_name: center.name, multi_task_enabled: true }))
  const ws = workspace.sid
  const activityList = await call(dispatch, 'activities.list', { workspace_sid: ws })
  const activity = (name: string): string => {
    const found = activityList.find((candidate) => candidate.friendly_name === name)
    if (!found) throw new Error(`The demo workspace has no ${name} activity`)
    return found.sid
  }
  const activities = { available: activity('Available'), offline: activity('Offline'), break: activity('Break') }
  if (!existing) {
    const queueSids = new Map<string, string>()
    for (const queue of center.queues) {
      const created = await call(dispatch, 'queues.create', { workspace_sid: ws, friendly_name: queue.name, target_workers: queue.target_workers ?? (queue.skill ? `skills HAS ${JSON.stringify(queue.skill)}` : '1==1') })
      queueSids.set(queue.name, created.sid)
    }
    for (const workflow of center.workflows) {
      const configuration = JSON.stringify(workflow.configuration, (key, value: unknown) => (key === 'queue' && typeof value === 'string' ? (queueSids.get(value) ?? value) : value))
      await call(dispatch, 'workflows.create', { workspace_sid: ws, friendly_name: workflow.name, configuration, task_reservation_timeout: 60 })
    }
    for (const group of center.agents) {
      const attributes = JSON.stringify({ ...group.attributes, skills: group.skills })
      for (let number = 1; number <= group.count; number++) {
        const worker = await call(dispatch, 'workers.create', { workspace_sid: ws, friendly_name: `${group.name} ${number}`, attributes, activity_sid: activities.offline })
        for (const [channel, capacity] of Object.entries(group.capacity ?? {})) {
          if (capacity !== 1) await call(dispatch, 'workerChannels.update', { workspace_sid: ws, worker_sid: worker.sid, sid: channel, capacity })
        }
      }
    }
  }
  else {
    // Tasks left live by the previous demo have no driver any more: close them so the new traffic starts clean.
    for (const task of await call(dispatch, 'tasks.list', { workspace_sid: ws, assignment_status: ['pending', 'reserved', 'assigned', 'wrapping'] })) {
      const open = task.assignment_status === 'pending' || task.assignment_status === 'reserved'
      await dispatch('tasks.update', { workspace_sid: ws, sid: task.sid, assignment_status: open ? 'canceled' : 'completed', reason: 'demo restarted' })
    }
  }
  const workflows = new Map((await call(dispatch, 'workflows.list', { workspace_sid: ws })).map((workflow) => [workflow.friendly_name, workflow.sid]))
  const workerSids = (await call(dispatch, 'workers.list', { workspace_sid: ws })).map((worker) => worker.sid)
  return { workspaceSid: ws, workflows, workerSids, activities, reused: existing !== undefined }
}
