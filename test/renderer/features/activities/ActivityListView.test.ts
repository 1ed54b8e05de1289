import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import type { VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { hostFor } from '../../fakes/host'
import { installTransport } from '@renderer/app/api'
import ActivityListView from '@renderer/features/activities/ActivityListView.vue'
import ChannelListView from '@renderer/features/channels/ChannelListView.vue'
import { useWorkspacesStore } from '@renderer/features/workspaces/workspaces.store'
import type { Activity, TaskChannel } from '@contract'
import { createFakeTransport, createWorkspace, fail } from '../../fakes/fakeTransport'
import { WS, createActivity, createChannel } from '../../fakes/factories'

let wrapper: VueWrapper | null = null
const byTestId = (id: string): HTMLElement | null => document.body.querySelector(`[data-testid="${id}"]`)
const all = (id: string): HTMLElement[] => [...document.body.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)]
async function click(element: Element | null | undefined): Promise<void> {
  expect(element, 'element to click').toBeTruthy()
  ;(element as HTMLElement).click()
  await flushPromises()
}
async function type(id: string, value: string): Promise<void> {
  const input = byTestId(id) as HTMLInputElement
  input.value = value
  input.dispatchEvent(new Event('input'))
  await flushPromises()
}

beforeEach(() => {
  document.body.innerHTML = ''
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = null
})

async function mountActivities(activities: Activity[]) {
  const rows = [...activities]
  const offline = rows[0]!
  const transport = createFakeTransport({
    'workspaces.list': () => [createWorkspace({ sid: WS, default_activity_sid: offline.sid, timeout_activity_sid: offline.sid })],
    'activities.list': () => [...rows],
    'activities.create': (input) => {
      if (rows.some((a) => a.friendly_name.toLowerCase() === String(input.friendly_name).toLowerCase())) throw fail({ message: `A activity named '${input.friendly_name}' already exists`, param: 'friendly_name' })
      const created = createActivity({ friendly_name: String(input.friendly_name), available: Boolean(input.available) })
      rows.push(created)
      return created
    },
    'activities.delete': () => {
      throw fail({ message: "Activity 'Offline' is the workspace's default activity; choose another default activity first", param: 'sid' })
    },
  })
  installTransport(transport)
  const pinia = createPinia()
  setActivePinia(pinia)
  await useWorkspacesStore().load()
  const Host = hostFor(ActivityListView, { workspaceSid: WS })
  wrapper = mount(Host, { global: { plugins: [pinia] }, attachTo: document.body })
  await flushPromises()
  return transport
}

describe('ActivityListView', () => {
  it('marks the default and timeout activities', async () => {
    await mountActivities([createActivity({ friendly_name: 'Offline', available: false }), createActivity({ friendly_name: 'Available' })])
    const first = all('activity-row')[0]!
    expect(first.querySelector('[data-testid="activity-default"]')).not.toBeNull()
    expect(first.querySelector('[data-testid="activity-timeout"]')).not.toBeNull()
    expect(all('activity-row')[1]!.querySelector('[data-testid="activity-default"]')).toBeNull()
  })

  it('creates an activity with its availability; a duplicate name is refused next to the field', async () => {
    const transport = await mountActivities([createActivity({ friendly_name: 'Offline', available: false })])
    await type('activity-name-input', 'Lunch')
    await click(byTestId('activity-create'))
    expect(transport.calls.find((c) => c.method === 'activities.create')!.input).toMatchObject({ friendly_name: 'Lunch', available: false })
    expect(all('activity-name').map((e) => e.textContent)).toEqual(['Offline', 'Lunch'])
    await type('activity-name-input', 'lunch')
    await click(byTestId('activity-create'))
    expect(byTestId('activity-name-error')?.textContent).toContain('already exists')
  })

  it('delete refused: the server reason is shown in the dialog', async () => {
    await mountActivities([createActivity({ friendly_name: 'Offline', available: false })])
    await click(byTestId('activity-delete'))
    await click(byTestId('confirm-ok'))
    expect(byTestId('confirm-error')?.textContent).toContain("workspace's default activity")
    expect(all('activity-row')).toHaveLength(1)
  })
})

describe('ChannelListView', () => {
  async function mountChannels(channels: TaskChannel[]) {
    const rows = [...channels]
    const transport = createFakeTransport({
      'channels.list': () => [...rows],
      'channels.create': (input) => {
        const created = createChannel({ friendly_name: String(input.friendly_name), unique_name: String(input.unique_name) })
        rows.push(created)
        return created
      },
      'channels.delete': () => {
        throw fail({ message: "Task channel 'voice' (TC…) is used by 2 active tasks", param: 'sid' })
      },
    })
    installTransport(transport)
    const pinia = createPinia()
    setActivePinia(pinia)
    const Host = hostFor(ChannelListView, { workspaceSid: WS })
    wrapper = mount(Host, { global: { plugins: [pinia] }, attachTo: document.body })
    await flushPromises()
    return transport
  }

  it('suggests a unique name from the name and creates the channel', async () => {
    const transport = await mountChannels([])
    await type('channel-name-input', 'Web Chat')
    expect((byTestId('channel-unique-input') as HTMLInputElement).value).toBe('web_chat')
    await click(byTestId('channel-create'))
    expect(transport.calls.find((c) => c.method === 'channels.create')!.input).toMatchObject({ friendly_name: 'Web Chat', unique_name: 'web_chat' })
    expect(all('channel-name').map((e) => e.textContent)).toEqual(['Web Chat'])
  })

  it('refuses a unique name that expressions could not reference, before the server', async () => {
    const transport = await mountChannels([])
    await type('channel-name-input', 'Chat')
    await type('channel-unique-input', '2chat')
    await click(byTestId('channel-create'))
    expect(byTestId('channel-unique-error')?.textContent).toContain('not starting with a digit')
    expect(transport.calls.some((c) => c.method === 'channels.create')).toBe(false)
  })

  it('delete refused while tasks use the channel: the reason is shown', async () => {
    await mountChannels([createChannel()])
    await click(byTestId('channel-delete'))
    await click(byTestId('confirm-ok'))
    expect(byTestId('confirm-error')?.textContent).toContain('used by 2 active tasks')
  })
})
