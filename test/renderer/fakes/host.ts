import { defineComponent, h } from 'vue'
import type { Component } from 'vue'
import { NMessageProvider } from 'naive-ui'

/** Wraps a view in the providers the app gives it (message toasts), with these props. */
export function hostFor(view: Component, props: Record<string, unknown> = {}): Component {
  return defineComponent({ name: 'TestHost', render: () => h(NMessageProvider, null, { default: () => h(view, props) }) })
}
