import { crc32 as zlibCrc32 } from 'node:zlib'

/**
 * CRC-32 (IEEE 802.3, the zlib/PNG polynomial) of `bytes[start, end)`. Guards journal records
 * against torn or flipped bytes. zlib's native one (Node >= 20.15, Electron 45's Node 22): the
 * table-driven JS loop it replaced was a visible share of the main thread under REST load.
 */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  return zlibCrc32(start === 0 && end === bytes.length ? bytes : bytes.subarray(start, end))
}
