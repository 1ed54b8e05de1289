import type { SidPrefixValue } from '../contract/sids'

/** Makes new SIDs. Injected so tests and simulations can be deterministic. */
export interface IdGenerator {
  sid(prefix: SidPrefixValue): string
}

const HEX = '0123456789abcdef'

/** Random bytes drawn 4 KiB at a time: one getRandomValues call per 256 SIDs, not per SID. */
const pool = new Uint8Array(4096)
let poolOffset = pool.length

/** Random SIDs from the Web Crypto API (present in Node >= 19, Electron and browsers). */
export const randomIds: IdGenerator = {
  sid(prefix) {
    if (poolOffset + 16 > pool.length) {
      crypto.getRandomValues(pool)
      poolOffset = 0
    }
    let hex = ''
    for (let index = poolOffset; index < poolOffset + 16; index++) {
      const byte = pool[index]!
      hex += HEX[byte >> 4]! + HEX[byte & 15]!
    }
    poolOffset += 16
    return prefix + hex
  },
}

/** Sequential SIDs (`WK000…001`), for tests and reproducible simulations. */
export function sequentialIds(): IdGenerator {
  let counter = 0
  return {
    sid(prefix) {
      counter += 1
      return prefix + counter.toString(16).padStart(32, '0')
    },
  }
}
