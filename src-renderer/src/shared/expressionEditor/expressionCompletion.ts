import type { Completion, CompletionContext, CompletionResult, CompletionSource } from '@codemirror/autocomplete'
import type { EditorView } from '@codemirror/view'
import type { ExpressionKindName } from '@contract'
import { completionContextAt, literal, splitPrefix } from './attributeIndex'
import type { AttributeIndex } from './attributeIndex'
import { LOGICAL_KEYWORDS, OPERATOR_KEYWORDS } from './taskrouterLanguage'

export interface CompletionIndexes {
  worker: AttributeIndex | null
  task: AttributeIndex | null
}

/** Which attribute documents a kind of expression reads, and under which prefix. */
function scopesFor(kind: ExpressionKindName): Array<{ scope: 'worker' | 'task'; prefix: string }> {
  switch (kind) {
    case 'worker':
      return [{ scope: 'worker', prefix: '' }]
    case 'target':
      return [
        { scope: 'worker', prefix: 'worker.' },
        { scope: 'task', prefix: 'task.' },
      ]
    case 'order_by':
      return [{ scope: 'worker', prefix: 'worker.' }]
    default:
      return [{ scope: 'task', prefix: '' }]
  }
}

const KEYWORD_OPTIONS: Completion[] = [...LOGICAL_KEYWORDS, ...OPERATOR_KEYWORDS, 'NOT IN'].map((word) => ({ label: word, type: 'keyword', boost: -10 }))

/**
 * Autocomplete for expressions: attribute key paths seen on real workers/tasks, and after
 * `key <operator>` the values seen for that key (strings quoted for you). Indexes are read
 * through `indexes()` at completion time so they can arrive after the editor is created.
 */
export function expressionCompletionSource(kind: () => ExpressionKindName, indexes: () => CompletionIndexes): CompletionSource {
  return (context: CompletionContext): CompletionResult | null => {
    const before = context.state.sliceDoc(0, context.pos)
    const at = completionContextAt(before)
    const currentKind = kind()
    const available = indexes()

    if (at.type === 'value') {
      const { scope, path } = splitPrefix(at.key)
      const scopes = scopesFor(currentKind)
      const chosen = scope ? scopes.find((item) => item.scope === scope) : scopes.find((item) => item.prefix === '')
      const index = chosen ? available[chosen.scope] : null
      const values = index?.values.get(path) ?? []
      if (values.length === 0) return null
      const quote = at.quoted ? before[at.from] : null
      return {
        from: at.from,
        options: values.map((value, rank) => ({
          label: literal(value),
          type: typeof value === 'string' ? 'text' : 'constant',
          boost: -rank / values.length,
          apply: (view: EditorView, _completion: Completion, from: number, to: number) => {
            // closeBrackets may already have typed the closing quote: replace it too.
            const end = quote && view.state.sliceDoc(to, to + 1) === quote ? to + 1 : to
            const insert = literal(value)
            view.dispatch({ changes: { from, to: end, insert }, selection: { anchor: from + insert.length } })
          },
        })),
        filter: true,
      }
    }

    if (at.type === 'key') {
      if (!context.explicit && at.prefix === '') return null
      const options: Completion[] = []
      for (const { scope, prefix } of scopesFor(currentKind)) {
        const index = available[scope]
        if (prefix && !at.prefix.includes('.')) options.push({ label: prefix, type: 'namespace', detail: `${scope} attributes`, boost: 5 })
        for (const key of index?.keys ?? []) {
          options.push({ label: `${prefix}${key.path}`, type: 'property', detail: `${key.sample} · ${key.count}` })
        }
      }
      options.push(...KEYWORD_OPTIONS)
      return { from: at.from, options, validFor: /^[\p{L}\p{N}_$.]*$/u }
    }
    return null
  }
}
