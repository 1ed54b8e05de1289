import { describe, expect, it } from 'vitest'
import { printExpression } from '../../../src-main/engine/expression'
import { parse, shape } from './helpers'

describe('printExpression', () => {
  it.each([
    ["skills has 'support' and level>3", 'skills HAS "support" AND level > 3'],
    ['a = 1 or b >- "x" and c <- [1,2]', 'a == 1 OR b HAS "x" AND c IN [1, 2]'],
    ['(a == 1 OR b == 2) AND c == 3', '(a == 1 OR b == 2) AND c == 3'],
    ['a == 1 OR (b == 2 OR c == 3)', 'a == 1 OR (b == 2 OR c == 3)'],
    ['((a == 1))', 'a == 1'],
    ['not (a == 1) AND x not in [null, true, false]', 'NOT (a == 1) AND x NOT IN [null, true, false]'],
    ["name == 'it\\'s \"q\"'", 'name == "it\'s \\"q\\""'],
    ['items[1].sku == 0800', 'items[1].sku == 800'],
    ['a == -0', 'a == -0'],
    ['a == 1e21', 'a == 1e+21'],
    ['u == "🚀\\n"', 'u == "🚀\\n"'],
  ])('%s → %s', (input, expected) => {
    const printed = printExpression(parse(input))
    expect(printed).toBe(expected)
    expect(shape(parse(printed))).toEqual(shape(parse(input)))
  })
})
