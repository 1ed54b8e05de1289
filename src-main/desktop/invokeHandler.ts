import type { Dispatch } from '../api/dispatch'
import { apiError, ErrorCode, type Result } from '../contract/errors'
import type { MethodName } from '../contract/methods'
import { methodNames } from '../contract/names'

const allowed = new Set<string>(methodNames)

/** The parts of an Electron IpcMainInvokeEvent the check needs (kept electron-free to test). */
export interface InvokeEventLike {
  sender: unknown
  senderFrame?: { url: string } | null
}

/** Whether a URL belongs to our renderer: the built files, or the dev server in development. */
export function isAppUrl(url: string, devUrl: string | undefined): boolean {
  if (devUrl) {
    try {
      return new URL(url).origin === new URL(devUrl).origin
    } catch {
      return false
    }
  }
  return url.startsWith('file://') && /\/renderer\/index\.html(?:[?#].*)?$/.test(url)
}

/**
 * The main-process side of `invoke`: only our window's web contents, showing our own
 * renderer, may call, and only methods of the contract's allowlist. Everything is answered
 * with a Result, never a thrown error, so messages survive IPC.
 */
export function createInvokeHandler(options: { webContents: unknown; dispatch: Dispatch; devUrl: string | undefined }) {
  return async (event: InvokeEventLike, method: unknown, input: unknown): Promise<Result<unknown>> => {
    const frameUrl = event.senderFrame?.url ?? ''
    if (event.sender !== options.webContents || !isAppUrl(frameUrl, options.devUrl)) {
      return { ok: false, error: apiError(ErrorCode.Unauthorized, 'IPC from an unknown sender was refused') }
    }
    if (typeof method !== 'string' || !allowed.has(method)) {
      return { ok: false, error: apiError(ErrorCode.NotFound, `Unknown method ${String(method).slice(0, 64)}`) }
    }
    return options.dispatch(method as MethodName, input)
  }
}
