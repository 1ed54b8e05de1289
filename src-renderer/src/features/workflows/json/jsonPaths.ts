import { syntaxTree } from '@codemirror/language'
import type { EditorState } from '@codemirror/state'
import type { ProblemPath } from '@contract'

/**
 * Finds where a JSON path (`task_routing.filters[0].targets[1].timeout`) is in the JSON tab's
 * text, through lang-json's syntax tree, so a problem is underlined where it is rather than on
 * the whole document.
 */
export type PathSegment = string | number

/** lang-json's tree node (@lezer/common's SyntaxNode, reached without depending on it directly). */
type SyntaxNode = ReturnType<typeof syntaxTree>['topNode']

/** `task_routing.filters[0].targets[1]` -> ['task_routing', 'filters', 0, 'targets', 1]. */
export function parseJsonPath(path: string): PathSegment[] {
  const segments: PathSegment[] = []
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) segments.push(match[2] !== undefined ? Number(match[2]) : match[1]!)
  return segments
}

/** A check problem's place as JSON path segments. */
export function problemSegments(path: ProblemPath): PathSegment[] {
  const segments: PathSegment[] = ['task_routing']
  if (path.default_filter) segments.push('default_filter')
  else if (path.filter !== undefined) {
    segments.push('filters', path.filter)
    if (path.target !== undefined) segments.push('targets', path.target)
  }
  if (path.field) segments.push(path.field)
  return segments
}

const VALUE_NODES = new Set(['Object', 'Array', 'String', 'Number', 'True', 'False', 'Null'])

function valueChildren(node: SyntaxNode): SyntaxNode[] {
  const values: SyntaxNode[] = []
  for (let child = node.firstChild; child; child = child.nextSibling) if (VALUE_NODES.has(child.name)) values.push(child)
  return values
}

/**
 * @returns the range of the deepest node of `segments` that exists (a missing key is reported
 * on its parent object), or null when the text has no JSON value at all.
 */
export function locateJsonPath(state: EditorState, segments: readonly PathSegment[]): { from: number; to: number } | null {
  const top = syntaxTree(state).topNode
  let node: SyntaxNode | null = valueChildren(top)[0] ?? null
  if (!node) return null
  for (const segment of segments) {
    let next: SyntaxNode | null = null
    if (typeof segment === 'number' && node.name === 'Array') next = valueChildren(node)[segment] ?? null
    else if (typeof segment === 'string' && node.name === 'Object') {
      for (let property: SyntaxNode | null = node.firstChild; property && !next; property = property.nextSibling) {
        if (property.name !== 'Property') continue
        const name = property.getChild('PropertyName')
        if (name && state.sliceDoc(name.from, name.to) === JSON.stringify(segment)) next = valueChildren(property)[0] ?? name
      }
    }
    if (!next) break
    node = next
  }
  return { from: node.from, to: node.to }
}
