import type { MenuItemConstructorOptions } from 'electron'

export interface WebUiMenuActions {
  /** Puts text on the system clipboard (Electron's clipboard.writeText). */
  copy(text: string): void
  /** Opens a URL in the default browser (Electron's shell.openExternal). */
  open(url: string): void
  /** Tells the admin what happened (a message box). */
  tell(message: string, detail: string): void
}

/**
 * "Web UI" in the application menu: the desktop app serves the same admin app to browsers
 * (another PC, a wall TV's browser) on its HTTP server, and a browser signs in with this run's
 * link. Without the server (turned off in Settings, or its port taken) the items say why instead.
 * Electron-free (the actions are injected), so it is tested without an Electron binary.
 */
export function webUiMenu(link: string | null, actions: WebUiMenuActions): MenuItemConstructorOptions {
  const unavailable = 'The HTTP server is off (Settings → REST server), so browsers cannot reach this Routedesk.'
  return {
    label: 'Web UI',
    submenu: [
      {
        label: 'Copy sign-in link for a browser',
        enabled: link !== null,
        toolTip: link === null ? unavailable : undefined,
        click: () => {
          if (link === null) return
          actions.copy(link)
          actions.tell(
            'Sign-in link copied',
            'Open it in a browser to use Routedesk there. The link works until Routedesk restarts; each browser that opens it stays signed in until Settings → REST API credentials → "Sign out every browser".',
          )
        },
      },
      { label: 'Open in browser', enabled: link !== null, click: () => link !== null && actions.open(link) },
    ],
  }
}
