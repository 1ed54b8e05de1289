import { isAppUrl } from './invokeHandler'

/** The only permissions the app window may get: desktop notifications for wallboard alerts. */
const GRANTED = new Set(['notifications'])

/**
 * The window's permission policy: everything is denied except notifications asked for by our
 * own page (file:// renderer, or the dev server), so a navigated-away or embedded page gets
 * nothing. Electron calls it for both permission requests and permission checks.
 *
 * @example
 * isPermissionAllowed('notifications', 'file:///app/out/renderer/index.html', undefined) // true
 * isPermissionAllowed('media', 'file:///app/out/renderer/index.html', undefined) // false
 */
export function isPermissionAllowed(permission: string, requestingUrl: string, devUrl: string | undefined): boolean {
  return GRANTED.has(permission) && isAppUrl(requestingUrl, devUrl)
}
