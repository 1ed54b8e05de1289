import { describe, expect, it } from 'vitest'
import { randomIds, sequentialIds } from '../../src-main/engine/ids'

describe('SIDs', () => {
  it('random SIDs are the prefix and 32 hex characters, and do not repeat (across pool refills)', () => {
    const seen = new Set<string>()
    for (let index = 0; index < 2000; index++) {
      const sid = randomIds.sid('WT')
      expect(sid).toMatch(/^WT[0-9a-f]{32}$/)
      seen.add(sid)
    }
    expect(seen.size).toBe(2000)
  })

  it('sequential SIDs count up for reproducible runs', () => {
    const ids = sequentialIds()
    expect([ids.sid('WK'), ids.sid('WQ')]).toEqual(['WK' + '0'.repeat(31) + '1', 'WQ' + '0'.repeat(31) + '2'])
  })
})
