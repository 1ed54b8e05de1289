import { describe, expect, it } from 'vitest'
import { friendlyNameProblem, placeApiError } from '@renderer/shared/utils/fieldErrors'

describe('friendlyNameProblem', () => {
  it.each([
    { name: '', problem: 'A name is required.' },
    { name: '   ', problem: 'A name is required.' },
    { name: 'a', problem: null },
    { name: 'x'.repeat(64), problem: null },
    { name: ` ${'x'.repeat(64)} `, problem: null },
    { name: 'x'.repeat(65), problem: 'At most 64 characters (this one has 65).' },
  ])('"$name" -> $problem', ({ name, problem }) => {
    expect(friendlyNameProblem(name)).toBe(problem)
  })
})

describe('placeApiError', () => {
  const fields = ['friendly_name', 'template']
  it.each([
    { param: 'friendly_name', field: 'friendly_name' },
    { param: 'template', field: 'template' },
    { param: 'sid', field: null },
    { param: undefined, field: null },
  ])('param $param -> field $field', ({ param, field }) => {
    expect(placeApiError({ code: 20001, status: 400, message: 'm', ...(param ? { param } : {}) }, fields)).toEqual({ field, message: 'm' })
  })
})
