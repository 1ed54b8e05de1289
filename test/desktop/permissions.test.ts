import { describe, expect, it } from 'vitest'
import { isPermissionAllowed } from '../../src-main/desktop/permissions'

const APP = 'file:///opt/routedesk/out/renderer/index.html#/workspaces/WS1/wallboard'

describe('window permission policy (only wallboard notifications, only for our page)', () => {
  it.each([
    ['notifications', APP, undefined, true],
    ['notifications', 'https://example.com/', undefined, false],
    ['notifications', 'file:///tmp/evil.html', undefined, false],
    ['media', APP, undefined, false],
    ['geolocation', APP, undefined, false],
    ['clipboard-read', APP, undefined, false],
    ['notifications', 'http://localhost:5173/#/x', 'http://localhost:5173', true],
    ['notifications', 'http://localhost:9999/', 'http://localhost:5173', false],
  ] as const)('%s from %s (dev %s) -> %s', (permission, url, devUrl, allowed) => {
    expect(isPermissionAllowed(permission, url, devUrl)).toBe(allowed)
  })
})
