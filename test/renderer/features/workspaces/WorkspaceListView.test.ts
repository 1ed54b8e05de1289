import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import { flushPromises, mount } from '@vue/test-utils'
import type { VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { NMessageProvider } from 'naive-ui'
import { createMemoryHistory } from 'vue-router'
import { installTransport } from '@renderer/app/api'
import { createAppRouter } from '@renderer/app/router'
import WorkspaceListView from '@renderer/features/workspaces/WorkspaceListView.vue'
import type { Workspace } from '@contract'
import { createWorkspace, createWorkspaceBackend } from '../../fakes/fakeTransport'
import type { FakeTransport } from '../../fakes/fakeTransport'

let wrapper: VueWrapper | null = null

async function mountView(initial: Workspace[] = []): Promise<{ transport: FakeTransport; rows: Workspace[] }> {
  const backend = createWorkspaceBackend(initial)
  installTransport(backend.transport)
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createAppRouter(createMemoryHistory())
  await router.push('/')
  const Host = defineComponent({ render: () => h(NMessageProvider, null, { default: () => h(WorkspaceListView) }) })
  wrapper = mount(Host, { global: { plugins: [pinia, router] }, attachTo: document.body })
  await flushPromises()
  return backend
}

/** Dialogs are teleported to <body>, so look there rather than in the wrapper. */
function byTestId(id: string): HTMLElement | null {
  return document.body.querySelector(`[data-testid="${id}"]`)
}
function rowNames(): string[] {
  return [...document.body.querySelectorAll('[data-testid="workspace-row"] [data-testid="workspace-name"]')].map((cell) => cell.textContent!.trim())
}
async function typeName(value: string): Promise<void> {
  const input = byTestId('workspace-name-input') as HTMLInputElement
  input.value = value
  input.dispatchEvent(new Event('input'))
  await flushPromises()
}
async function click(element: Element | null): Promise<void> {
  expect(element, 'element to click').not.toBeNull()
  ;(element as HTMLElement).click()
  await flushPromises()
}

beforeEach(() => {
  document.body.innerHTML = ''
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = null
})

describe('WorkspaceListView', () => {
  it('explains what a workspace is when there is none', async () => {
    await mountView()
    expect(byTestId('workspace-empty')?.textContent).toContain('No workspaces yet')
    expect(byTestId('workspace-list')?.textContent).toContain("A workspace is one contact center's routing setup")
  })

  it('lists workspaces with name, SID, multitasking, queue order and created date', async () => {
    const support = createWorkspace({ friendly_name: 'Support', multi_task_enabled: true, prioritize_queue_order: 'LIFO' })
    await mountView([support])
    const row = byTestId('workspace-row')!
    expect(row.textContent).toContain('Support')
    expect(row.textContent).toContain(support.sid)
    expect(row.textContent).toContain('On')
    expect(row.textContent).toContain('LIFO')
    expect(row.textContent).toContain('2026')
  })

  it('create: the new workspace appears in the list and the field is cleared', async () => {
    const { transport } = await mountView([createWorkspace({ friendly_name: 'Billing' })])
    await typeName('  Support EMEA ')
    await click(byTestId('workspace-create'))
    expect(rowNames()).toEqual(['Billing', 'Support EMEA'])
    expect((byTestId('workspace-name-input') as HTMLInputElement).value).toBe('')
    expect(transport.calls.find((item) => item.method === 'workspaces.create')?.input).toEqual({
      friendly_name: 'Support EMEA',
      template: 'NONE',
      multi_task_enabled: true,
      prioritize_queue_order: 'FIFO',
    })
  })

  it.each([
    { case: 'an empty name', name: '   ', message: 'A name is required.' },
    { case: 'a name over 64 characters', name: 'x'.repeat(65), message: 'At most 64 characters' },
  ])('create refuses $case before calling the server', async ({ name, message }) => {
    const { transport } = await mountView()
    await typeName(name)
    await click(byTestId('workspace-create'))
    expect(byTestId('workspace-name-error')?.textContent).toContain(message)
    expect(transport.calls.some((item) => item.method === 'workspaces.create')).toBe(false)
  })

  it('a duplicate name is reported inline, next to the name field', async () => {
    await mountView([createWorkspace({ friendly_name: 'Billing' })])
    await typeName('billing')
    await click(byTestId('workspace-create'))
    const error = byTestId('workspace-name-error')
    expect(error?.textContent).toBe('A workspace named "billing" already exists')
    // Next to the field: inside the same form item as the name input.
    const formItem = byTestId('workspace-name-input')!.closest('.n-form-item')
    expect(formItem?.contains(error)).toBe(true)
    expect(byTestId('workspace-create-error')).toBeNull()
    expect(rowNames()).toEqual(['Billing'])
    // Editing the name clears the server's complaint.
    await typeName('Billing 2')
    expect(byTestId('workspace-name-error')).toBeNull()
  })

  it('an error without a param is shown above the form', async () => {
    const { transport } = await mountView()
    delete transport.handlers['workspaces.create']
    await typeName('Anything')
    await click(byTestId('workspace-create'))
    expect(byTestId('workspace-create-error')?.textContent).toContain('no fake for workspaces.create')
  })

  it('delete asks for confirmation naming the workspace; Cancel keeps it', async () => {
    const { transport } = await mountView([createWorkspace({ friendly_name: 'Billing' })])
    await click(byTestId('workspace-delete'))
    const dialog = byTestId('confirm-dialog')
    expect(dialog?.textContent).toContain('Delete workspace “Billing”?')
    expect(byTestId('workspace-delete-text')?.textContent).toContain('Billing')
    expect(transport.calls.some((item) => item.method === 'workspaces.delete')).toBe(false)
    await click(byTestId('confirm-cancel'))
    expect(rowNames()).toEqual(['Billing'])
    expect(transport.calls.some((item) => item.method === 'workspaces.delete')).toBe(false)
  })

  it('delete removes the workspace once confirmed', async () => {
    const billing = createWorkspace({ friendly_name: 'Billing' })
    const { transport } = await mountView([billing, createWorkspace({ friendly_name: 'Support' })])
    await click(byTestId('workspace-delete'))
    await click(byTestId('confirm-ok'))
    expect(transport.calls.find((item) => item.method === 'workspaces.delete')?.input).toEqual({ sid: billing.sid })
    expect(rowNames()).toEqual(['Support'])
  })

  it('rename shows a duplicate-name error under the name field of the dialog', async () => {
    await mountView([createWorkspace({ friendly_name: 'Billing' }), createWorkspace({ friendly_name: 'Support' })])
    await click(document.body.querySelectorAll('[data-testid="workspace-rename"]')[1]!)
    const input = byTestId('workspace-rename-input') as HTMLInputElement
    expect(input.value).toBe('Support')
    input.value = 'Billing'
    input.dispatchEvent(new Event('input'))
    await flushPromises()
    await click(byTestId('workspace-rename-save'))
    expect(byTestId('workspace-rename-error')?.textContent).toContain('already exists')
    expect(rowNames()).toEqual(['Billing', 'Support'])
  })
})
