import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { installTransport } from '@renderer/app/api'
import { createHttpTransport } from '@renderer/app/api/httpTransport'
import ShareBoardApp from './ShareBoardApp.vue'

const SHARE_PATH = /^(\/share\/[0-9a-f]{64})\/?(?:index\.html)?$/

/** `/share/<token>` when this page was opened from a share link, else null. */
export function sharePrefix(pathname: string): string | null {
  return SHARE_PATH.exec(pathname)?.[1] ?? null
}

/**
 * Starts the read-only wallboard (share links): HTTP transport rooted at `/share/<token>` (the
 * server answers only statistics there, for the link's workspace), and the TV board alone.
 * The workspace comes from the link, so the page asks the server which one it is.
 */
export async function mountSharedBoard(prefix: string, element: string | Element = '#app'): Promise<void> {
  installTransport(createHttpTransport({ baseUrl: prefix }))
  const live = await fetch(`${prefix}/rpc/stats.live`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', credentials: 'omit' })
  const body = (await live.json().catch(() => null)) as { ok?: boolean; data?: { workspace_sid?: string } } | null
  createApp(ShareBoardApp, { workspaceSid: body?.ok ? (body.data?.workspace_sid ?? '') : '' })
    .use(createPinia())
    .mount(element)
}
