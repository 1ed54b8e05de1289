import { describe, expect, it } from 'vitest'
import { diffWorkflowConfigurations } from '../../../src-main/contract/workflowDiff'

const Q1 = 'WQ' + '1'.repeat(32)
const Q2 = 'WQ' + '2'.repeat(32)
const config = (filters: object[], defaultFilter: object | null = { queue: Q1 }): string =>
  JSON.stringify({ task_routing: { filters, ...(defaultFilter ? { default_filter: defaultFilter } : {}) } })
const vip = { filter_friendly_name: 'VIP', expression: 'vip == true', targets: [{ queue: Q1, timeout: 30 }, { queue: Q2 }] }
const spanish = { filter_friendly_name: 'Spanish', expression: 'language == "es"', targets: [{ queue: Q2 }] }

describe('diffWorkflowConfigurations', () => {
  const cases: Array<[string, string, string, Array<[string, string, string[], boolean]>]> = [
    ['identical text apart from formatting', config([vip]), JSON.stringify(JSON.parse(config([vip])), null, 2), [['VIP', 'unchanged', [], false]]],
    ['a filter added at the end', config([vip]), config([vip, spanish]), [['VIP', 'unchanged', [], false], ['Spanish', 'added', ['expression', 'filter_friendly_name'], false]]],
    ['a filter removed', config([vip, spanish]), config([spanish]), [['Spanish', 'changed', [], true], ['VIP', 'removed', ['expression', 'filter_friendly_name'], false]]],
    ['filters swapped (paired by name)', config([vip, spanish]), config([spanish, vip]), [['Spanish', 'changed', [], true], ['VIP', 'changed', [], true]]],
    ['an expression edited', config([vip]), config([{ ...vip, expression: 'vip == 1' }]), [['VIP', 'changed', ['expression'], false]]],
    ['a rename pairs by position', config([vip]), config([{ ...vip, filter_friendly_name: 'Gold' }]), [['Gold', 'changed', ['filter_friendly_name'], false]]],
  ]
  it.each(cases)('%s', (_label, before, after, expected) => {
    const diff = diffWorkflowConfigurations(before, after)
    expect(diff.filters.map((f) => [f.name, f.change, f.fields, f.moved])).toEqual(expected)
    expect(diff.identical).toBe(expected.every(([, change]) => change === 'unchanged'))
  })

  it('diffs targets by position with the fields that changed', () => {
    const after = { ...vip, targets: [{ queue: Q1, timeout: 60, priority: 5 }] }
    const [filter] = diffWorkflowConfigurations(config([vip]), config([after])).filters
    expect(filter!.targets).toEqual([
      { change: 'changed', before_index: 0, after_index: 0, fields: ['priority', 'timeout'] },
      { change: 'removed', before_index: 1, after_index: null, fields: ['queue'] },
    ])
  })

  const defaults: Array<[string, object | null, object | null, string, string[]]> = [
    ['unchanged', { queue: Q1 }, { queue: Q1 }, 'unchanged', []],
    ['queue changed', { queue: Q1 }, { queue: Q2 }, 'changed', ['queue']],
    ['added', null, { queue: Q2 }, 'added', ['queue']],
    ['removed', { queue: Q1 }, null, 'removed', ['queue']],
  ]
  it.each(defaults)('default filter %s', (_label, before, after, change, fields) => {
    expect(diffWorkflowConfigurations(config([], before), config([], after)).default_filter).toEqual({ change, fields })
  })

  it('treats text that is not a configuration as empty, and says so', () => {
    const diff = diffWorkflowConfigurations('{ not json', config([vip]))
    expect([diff.before_valid, diff.after_valid, diff.filters[0]!.change, diff.identical]).toEqual([false, true, 'added', false])
  })
})
