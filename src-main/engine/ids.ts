import type { SidPrefixValue } from '../contract/sids'

/** Makes new SIDs. Injected so tests and simulations can be deterministic. */
export interface IdGenerator {
  sid(prefix: SidPrefixValue): string
}

const HEX = '0123456789abcdef'

/** Random SIDs from the Web Crypto API (present in Node >= 19, Electron and browsers). */
export const randomIds: IdGenerator = {
  sid(prefix) {
    const bytes = new Uint8Array(16)
    crypto.getRandomValues(bytes)
    let hex = ''
    for (const byte of bytes) hex += HEX[byte >> 4]! + HEX[byte & 15]!
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
