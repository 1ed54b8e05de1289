import { describe, expect, it } from 'vitest'
import { sharePrefix } from '@renderer/features/wallboard/share/mountSharedBoard'

const TOKEN = 'ab'.repeat(32)

describe('sharePrefix (is this page a read-only share link?)', () => {
  it.each([
    [`/share/${TOKEN}/`, `/share/${TOKEN}`],
    [`/share/${TOKEN}`, `/share/${TOKEN}`],
    [`/share/${TOKEN}/index.html`, `/share/${TOKEN}`],
    ['/', null],
    ['/index.html', null],
    [`/share/${TOKEN}/assets/x.js`, null],
    ['/share/not-a-token/', null],
  ])('%s -> %s', (pathname, prefix) => {
    expect(sharePrefix(pathname)).toBe(prefix)
  })
})
