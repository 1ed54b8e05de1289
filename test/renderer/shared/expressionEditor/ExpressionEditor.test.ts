import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import { flushPromises, mount } from '@vue/test-utils'
import type { VueWrapper } from '@vue/test-utils'
import { NConfigProvider, darkTheme } from 'naive-ui'
import { CompletionContext } from '@codemirror/autocomplete'
import type { CompletionResult } from '@codemirror/autocomplete'
import { EditorState } from '@codemirror/state'
import { EditorView } from '@codemirror/view'
import { installTransport } from '@renderer/app/api'
import ExpressionEditor from '@renderer/shared/expressionEditor/ExpressionEditor.vue'
import { expressionCompletionSource } from '@renderer/shared/expressionEditor/expressionCompletion'
import { buildAttributeIndex } from '@renderer/shared/expressionEditor/attributeIndex'
import { forgetAttributeIndexes } from '@renderer/shared/expressionEditor/expressionServices'
import { createFakeTransport } from '../../fakes/fakeTransport'
import { WS, createWorker } from '../../fakes/factories'

let wrapper: VueWrapper | null = null
afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  forgetAttributeIndexes()
})

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

function backend() {
  return createFakeTransport({
    'expressions.compile': (input) => {
      const text = String(input.expression)
      if (text.includes('&&')) {
        return { ok: false, diagnostics: [{ code: 'C_STYLE_OPERATOR', message: 'Unknown operator "&&".', column: text.indexOf('&&') + 1, length: 2, token: '&&', hint: 'Use AND.' }], references: [], canonical: '' }
      }
      return { ok: true, diagnostics: [], references: [], canonical: text }
    },
    'expressions.lint': (input) => ({
      ok: true,
      diagnostics: [],
      warnings: String(input.expression).includes('levle') ? [{ code: 'KEY_NEVER_SEEN', message: 'No worker has "levle".', column: 1, length: 5, token: 'levle', severity: 'warning' }] : [],
      sample_count: 2,
      matching_workers: 2,
    }),
    'workers.list': () => [createWorker({ attributes: '{"skills":["support","billing"],"level":3}' })],
    'tasks.list': () => [],
  })
}

async function mountEditor(initial: string, dark = false) {
  const transport = backend()
  installTransport(transport)
  const model = ref(initial)
  const Host = defineComponent({
    render: () =>
      h(NConfigProvider, { theme: dark ? darkTheme : null }, () =>
        h(ExpressionEditor, { modelValue: model.value, 'onUpdate:modelValue': (v: string) => (model.value = v), kind: 'worker', workspaceSid: WS }),
      ),
  })
  wrapper = mount(Host, { attachTo: document.body })
  await flushPromises()
  const view = EditorView.findFromDOM(wrapper.element.querySelector('.cm-editor') as HTMLElement)!
  return { transport, model, view }
}

async function type(view: EditorView, text: string): Promise<void> {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } })
  await sleep(300)
  await flushPromises()
}

describe('ExpressionEditor', () => {
  it('is a v-model: typing updates the model, the model updates the text', async () => {
    const { model, view } = await mountEditor('level > 1')
    expect(view.state.doc.toString()).toBe('level > 1')
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: 'skills HAS "x"' } })
    expect(model.value).toBe('skills HAS "x"')
    model.value = 'level == 2'
    await flushPromises()
    expect(view.state.doc.toString()).toBe('level == 2')
  })

  it('shows the parser diagnostic with its hint, debounced, and underlines it', async () => {
    const { transport, view } = await mountEditor('')
    await type(view, 'a == 1 && b == 2')
    const diagnostic = document.body.querySelector('[data-testid="expression-diagnostic"]')
    expect(diagnostic?.textContent).toContain('col 8')
    expect(diagnostic?.textContent).toContain('Unknown operator "&&". Use AND.')
    expect(document.body.querySelector('.cm-lintRange-error')?.textContent).toBe('&&')
    // Invalid: no lint call against real workers.
    expect(transport.calls.filter((c) => c.method === 'expressions.lint')).toHaveLength(0)
  })

  it('lints a valid expression against real workers: warnings and the matching count', async () => {
    const { view } = await mountEditor('')
    await type(view, 'levle > 2')
    expect(document.body.querySelector('[data-testid="expression-warning"]')?.textContent).toContain('No worker has "levle".')
    expect(document.body.querySelector('[data-testid="expression-ok"]')?.textContent).toContain('2 workers match')
  })

  it('coalesces fast typing into one check', async () => {
    const { transport, view } = await mountEditor('')
    for (const text of ['l', 'le', 'lev', 'leve', 'level']) view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } })
    await sleep(300)
    await flushPromises()
    const compiles = transport.calls.filter((c) => c.method === 'expressions.compile')
    expect(compiles.map((c) => (c.input as { expression: string }).expression)).toEqual(['level'])
  })

  it('renders in the dark theme too', async () => {
    const { view } = await mountEditor('skills HAS "a"', true)
    expect(view.state.facet(EditorView.darkTheme)).toBe(true)
  })
})

describe('expression completion', () => {
  const index = buildAttributeIndex(['{"skills":["support","billing"],"routing":{"tier":2}}', '{"skills":["support"]}'])
  function complete(doc: string, kind: 'worker' | 'target' = 'worker'): CompletionResult | null {
    const state = EditorState.create({ doc })
    const source = expressionCompletionSource(() => kind, () => ({ worker: index, task: buildAttributeIndex(['{"language":"fr"}']) }))
    return source(new CompletionContext(state, doc.length, true)) as CompletionResult | null
  }

  it('offers attribute key paths', () => {
    const labels = complete('rout')!.options.map((o) => o.label)
    expect(labels).toContain('routing.tier')
    expect(labels).toContain('skills')
    expect(labels).toContain('AND')
  })

  it('offers prefixed keys in target expressions', () => {
    const labels = complete('task.', 'target')!.options.map((o) => o.label)
    expect(labels).toContain('task.language')
    expect(labels).toContain('worker.skills')
  })

  it('offers the values seen for the key before the operator, quoted', () => {
    const result = complete('skills HAS "s')!
    expect(result.from).toBe(11)
    expect(result.options.map((o) => o.label)).toEqual(['"support"', '"billing"'])
  })

  it('offers task values after task. in a target expression', () => {
    expect(complete('task.language == ', 'target')!.options.map((o) => o.label)).toEqual(['"fr"'])
  })
})
