import { describe, expect, it } from 'vitest'
import { buildAttributeIndex, completionContextAt, literal, splitPrefix } from '@renderer/shared/expressionEditor/attributeIndex'

describe('buildAttributeIndex', () => {
  it('flattens keys with dot paths and counts documents per key', () => {
    const index = buildAttributeIndex(['{"skills":["en","fr"],"routing":{"tier":2}}', '{"skills":["en"]}', 'not json', '[1]'])
    expect(index.keys.map((key) => [key.path, key.count, key.sample])).toEqual([
      ['routing', 1, 'object'],
      ['routing.tier', 1, 'number'],
      ['skills', 2, 'array'],
    ])
  })

  it('collects values per key, array elements one by one, most frequent first', () => {
    const index = buildAttributeIndex(['{"skills":["fr","en"],"vip":true}', '{"skills":["en"],"vip":false}', '{"skills":["en"]}'])
    expect(index.values.get('skills')).toEqual(['en', 'fr'])
    expect(index.values.get('vip')).toEqual([false, true])
  })
})

describe('completionContextAt', () => {
  it.each([
    { before: 'ski', expected: { type: 'key', prefix: 'ski', from: 0 } },
    { before: 'level > 2 AND routing.ti', expected: { type: 'key', prefix: 'routing.ti', from: 14 } },
    { before: '(task.', expected: { type: 'key', prefix: 'task.', from: 1 } },
    { before: 'skills HAS "su', expected: { type: 'value', key: 'skills', prefix: 'su', from: 11, quoted: true } },
    { before: 'level >= ', expected: { type: 'value', key: 'level', prefix: '', from: 9, quoted: false } },
    { before: 'language IN ["en", "f', expected: { type: 'value', key: 'language', prefix: 'f', from: 19, quoted: true } },
    { before: 'worker.skills contains "', expected: { type: 'value', key: 'worker.skills', prefix: '', from: 23, quoted: true } },
    { before: 'name == "a b', expected: { type: 'none' } },
  ])('$before', ({ before, expected }) => {
    expect(completionContextAt(before)).toEqual(expected)
  })
})

describe('helpers', () => {
  it('splits the worker./task. prefix of target expressions', () => {
    expect(splitPrefix('worker.skills')).toEqual({ scope: 'worker', path: 'skills' })
    expect(splitPrefix('task.language')).toEqual({ scope: 'task', path: 'language' })
    expect(splitPrefix('skills')).toEqual({ scope: null, path: 'skills' })
  })
  it('writes literals the way the language reads them', () => {
    expect(literal('say "hi"')).toBe('"say \\"hi\\""')
    expect(literal(3)).toBe('3')
    expect(literal(true)).toBe('true')
  })
})
