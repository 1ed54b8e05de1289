import { homedir } from 'node:os'
import { join } from 'node:path'

/**
 * The OS app-data folder Electron uses for an app named "Routedesk" (`app.getPath('userData')`),
 * so the headless fallback of `npm start` and the desktop window share one store.
 */
export function defaultDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Routedesk')
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Routedesk')
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Routedesk')
}
