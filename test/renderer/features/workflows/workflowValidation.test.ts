import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, nextTick } from 'vue'
import { createPinia, setActivePinia } from 'pinia'
import { flushPromises, mount } from '@vue/test-utils'
import type { VueWrapper } from '@vue/test-utils'
import { NMessageProvider } from 'naive-ui'
import { createMemoryHistory } from 'vue-router'
import type { WorkflowCheckResult, WorkflowDraft, WorkflowProblem, WorkflowVersion } from '@contract'
import { installTransport } from '@renderer/app/api'
import { createAppRouter } from '@renderer/app/router'
import WorkflowProblems from '@renderer/features/workflows/WorkflowProblems.vue'
import WorkflowBuilderView from '@renderer/features/workflows/WorkflowBuilderView.vue'
import { useWorkflowBuilderStore } from '@renderer/features/workflows/workflowBuilder.store'
import { selectionForProblem, severityByNode } from '@renderer/features/workflows/model/problemPlaces'
import { filterNodeId, targetNodeId, DEFAULT_NODE_ID } from '@renderer/features/workflows/model/workflowGraph'
import { parseConfiguration } from '@renderer/features/workflows/model/workflowModel'
import { createFakeTransport, fail } from '../../fakes/fakeTransport'
import { WS, createQueue, createWorkflow } from '../../fakes/factories'

const Q = createQueue({ friendly_name: 'Support' })
const CONFIG = JSON.stringify({
  task_routing: {
    filters: [
      { filter_friendly_name: 'A', expression: 'a == 1', targets: [{ queue: Q.sid, timeout: 10 }, { queue: Q.sid }] },
      { filter_friendly_name: 'B', expression: '', targets: [{ queue: Q.sid }] },
    ],
    default_filter: { queue: Q.sid },
  },
})
const problem = (severity: WorkflowProblem['severity'], message: string, path: WorkflowProblem['path'], code: WorkflowProblem['code'] = 'invalid_schema'): WorkflowProblem => ({ severity, code, message, path })
const emptyExpression = problem('error', 'Filter B: expression must not be empty', { filter: 1, field: 'expression' })
const noEligible = problem('warning', 'Queue Support selects no worker', { filter: 0, target: 1, field: 'queue' }, 'no_eligible_workers')
const defaultWarning = problem('warning', 'Default queue is unstaffed', { default_filter: true }, 'no_eligible_workers')

function modelOf(text: string) {
  const parsed = parseConfiguration(text)
  if (!parsed.ok) throw new Error(parsed.message)
  return parsed.model
}

describe('problems → places on the canvas', () => {
  it.each([
    { path: { filter: 1, field: 'expression' }, node: (m: ReturnType<typeof modelOf>) => filterNodeId(m.filters[1]!.id) },
    { path: { filter: 0, target: 1 }, node: (m: ReturnType<typeof modelOf>) => targetNodeId(m.filters[0]!.targets[1]!.id) },
    { path: { default_filter: true }, node: () => DEFAULT_NODE_ID },
    { path: { filter: 9 }, node: () => null },
    { path: {}, node: () => null },
  ])('$path selects the right node', ({ path, node }) => {
    const m = modelOf(CONFIG)
    const selection = selectionForProblem(m, path)
    const id = selection === null ? null : selection.kind === 'default' ? DEFAULT_NODE_ID : selection.kind === 'filter' ? filterNodeId(selection.id) : targetNodeId(selection.id)
    expect(id).toBe(node(m))
  })

  it('an error outranks a warning on the same node', () => {
    const m = modelOf(CONFIG)
    const severities = severityByNode(m, [problem('warning', 'w', { filter: 1 }), emptyExpression, problem('warning', 'w2', { filter: 1 })])
    expect(severities.get(filterNodeId(m.filters[1]!.id))).toBe('error')
  })
})

describe('WorkflowProblems', () => {
  it('counts errors and warnings, lists errors first, and says errors block publishing', () => {
    const wrapper = mount(WorkflowProblems, { props: { problems: [noEligible, emptyExpression, defaultWarning] } })
    expect(wrapper.get('[data-testid="wf-problems-summary"]').text()).toBe('1 error · 2 warnings — errors block publishing')
    const items = wrapper.findAll('button')
    expect(items.map((item) => item.attributes('data-testid'))).toEqual(['wf-problem-error', 'wf-problem-warning', 'wf-problem-warning'])
    expect(items[0]!.text()).toContain('Filter 2 · expression')
    expect(items[1]!.text()).toContain('Filter 1 · target 2 · queue')
    expect(items[2]!.text()).toContain('Default filter')
  })

  it('emits the problem clicked, so the builder can select its node', async () => {
    const wrapper = mount(WorkflowProblems, { props: { problems: [emptyExpression] } })
    await wrapper.get('[data-testid="wf-problem-error"]').trigger('click')
    expect(wrapper.emitted('select')).toEqual([[emptyExpression]])
  })

  it('says when there is nothing to fix, and shows a JSON error', () => {
    expect(mount(WorkflowProblems, { props: { problems: [] } }).text()).toContain('No problems found')
    expect(mount(WorkflowProblems, { props: { problems: [], jsonError: 'not valid JSON' } }).get('[role="alert"]').text()).toContain('not valid JSON')
  })
})

// Mounting the whole builder (Vue Flow, naive-ui, CodeMirror) takes seconds on a busy machine.
describe('WorkflowBuilderView (Vue Flow in happy-dom, fake server)', { timeout: 30_000 }, () => {
  let wrapper: VueWrapper | null = null
  afterEach(() => {
    wrapper?.unmount()
    wrapper = null
    vi.useRealTimers()
  })

  async function mountBuilder(check: (configuration: string) => WorkflowCheckResult) {
    const workflow = createWorkflow({ configuration: CONFIG, friendly_name: 'Routing' })
    let revision = 0
    const draft = (configuration: string, exists: boolean): WorkflowDraft => ({ workflow_sid: workflow.sid, configuration, based_on_version: 1, revision, exists, changed: configuration !== workflow.configuration, date_updated: null })
    const version = (n: number, configuration: string, message: string): WorkflowVersion => ({ sid: null, workflow_sid: workflow.sid, version: n, message, source: n === 1 ? 'created' : 'publish', rolled_back_from: null, configuration, date_created: '2026-01-01T00:00:00Z' })
    let versions = [version(1, CONFIG, 'Created')]
    const transport = createFakeTransport({
      'workflows.get': () => workflow,
      'workflowDrafts.get': () => draft(CONFIG, false),
      'workflowDrafts.save': (input) => {
        if (input.if_revision !== revision) throw fail({ message: 'revision mismatch', param: 'if_revision' })
        revision += 1
        return draft(String(input.configuration), true)
      },
      'queues.list': () => [Q],
      'stats.snapshot': () => { throw fail({ message: 'no stats in this test' }) },
      'workflowVersions.list': () => versions,
      'workflowSamples.list': () => [],
      'workflows.check': (input) => check(String(input.configuration)),
      'workflowVersions.publish': (input) => {
        const problems = check(String(input.configuration)).problems.filter((p) => p.severity === 'error')
        if (problems.length) throw fail({ message: 'has errors', details: { problems } })
        const published = version(versions.length + 1, String(input.configuration), String(input.message))
        versions = [published, ...versions]
        workflow.configuration = published.configuration
        return { workflow: { ...workflow }, version: published, warnings: [] }
      },
    })
    installTransport(transport)
    const pinia = createPinia()
    setActivePinia(pinia)
    const router = createAppRouter(createMemoryHistory())
    await router.push(`/workspaces/${WS}/workflows?workflow=${workflow.sid}`)
    const Host = defineComponent({ render: () => h(NMessageProvider, null, { default: () => h(WorkflowBuilderView, { workspaceSid: WS, workflowSid: workflow.sid }) }) })
    wrapper = mount(Host, { global: { plugins: [pinia, router] }, attachTo: document.body })
    await flushPromises()
    return { transport, store: useWorkflowBuilderStore() }
  }

  const byTestId = (id: string) => wrapper!.findAll(`[data-testid="${id}"]`)
  const checkEmptyExpressions = (configuration: string): WorkflowCheckResult => {
    const parsed = parseConfiguration(configuration)
    const problems = parsed.ok ? parsed.model.filters.flatMap((f, index) => (f.expression.trim() ? [] : [problem('error', `Filter ${index + 1}: expression must not be empty`, { filter: index, field: 'expression' })])) : []
    return { ok: problems.length === 0, problems }
  }

  it('draws every filter, target, the default filter and the queue', async () => {
    await mountBuilder(checkEmptyExpressions)
    expect(byTestId('wf-node-filter')).toHaveLength(2)
    expect(byTestId('wf-node-target')).toHaveLength(3)
    expect(byTestId('wf-node-default')).toHaveLength(1)
    expect(byTestId('wf-node-queue')).toHaveLength(1)
  })

  it('marks the node with an error, blocks Publish, and clicking the problem selects the node in the inspector', async () => {
    const { store } = await mountBuilder(checkEmptyExpressions)
    expect(store.errors).toHaveLength(1)
    expect(byTestId('wf-publish')[0]!.attributes('disabled')).toBeDefined()
    const flagged = wrapper!.findAll('.wf-node--error')
    expect(flagged).toHaveLength(1)
    expect(flagged[0]!.text()).toContain('B')
    await byTestId('wf-tab-problems')[0]!.trigger('click')
    await flushPromises()
    await byTestId('wf-problem-error')[0]!.trigger('click')
    await flushPromises()
    expect(store.doc.selection).toEqual({ kind: 'filter', id: store.doc.model.filters[1]!.id })
    expect(wrapper!.find('.wf-node--selected').text()).toContain('B')
    expect(byTestId('wf-inspector')[0]!.text()).toContain('Filter 2 of 2')
  })

  it('fixing the field re-checks, autosaves the draft once, and unblocks Publish', async () => {
    vi.useFakeTimers()
    const { transport, store } = await mountBuilder(checkEmptyExpressions)
    store.doc.apply({ ...store.doc.model, filters: store.doc.model.filters.map((f, i) => (i === 1 ? { ...f, expression: 'b == 1' } : f)) })
    await nextTick()
    expect(store.saveState).toBe('unsaved')
    await vi.advanceTimersByTimeAsync(1000)
    await flushPromises()
    expect(store.errors).toEqual([])
    expect(store.saveState).toBe('saved')
    expect(transport.calls.filter((c) => c.method === 'workflowDrafts.save')).toHaveLength(1)
    expect(byTestId('wf-publish')[0]!.attributes('disabled')).toBeUndefined()
    expect(wrapper!.findAll('.wf-node--error')).toHaveLength(0)
  })

  it('undo brings the error back', async () => {
    vi.useFakeTimers()
    const { store } = await mountBuilder(checkEmptyExpressions)
    store.doc.apply({ ...store.doc.model, filters: store.doc.model.filters.map((f, i) => (i === 1 ? { ...f, expression: 'b == 1' } : f)) })
    await vi.advanceTimersByTimeAsync(1000)
    expect(store.errors).toEqual([])
    await byTestId('wf-undo')[0]!.trigger('click')
    await vi.advanceTimersByTimeAsync(1000)
    await flushPromises()
    expect(store.errors).toHaveLength(1)
  })

  it('a draft saved in another window meanwhile is not overwritten: the state is "conflict"', async () => {
    vi.useFakeTimers()
    const { transport, store } = await mountBuilder(checkEmptyExpressions)
    const save = transport.handlers['workflowDrafts.save']!
    transport.handlers['workflowDrafts.save'] = (input) => save({ ...input, if_revision: 99 })
    store.doc.apply({ ...store.doc.model, filters: store.doc.model.filters.slice(0, 1) })
    await vi.advanceTimersByTimeAsync(1000)
    await flushPromises()
    expect(store.saveState).toBe('conflict')
    expect(byTestId('wf-save-state')[0]!.text()).toContain('another window')
  })
})
