import { describe, expect, it } from 'vitest'
import type { MenuItemConstructorOptions } from 'electron'
import { webUiMenu, type WebUiMenuActions } from '../../src-main/desktop/webUiMenu'
import { webUiLoginLink } from '../../src-main/server/loginLink'

/** Issue 11: the desktop app gives browsers the same sign-in link `npm run serve` prints. */
function recorder(): WebUiMenuActions & { copied: string[]; opened: string[]; told: string[] } {
  const copied: string[] = []
  const opened: string[] = []
  const told: string[] = []
  return { copied, opened, told, copy: (text) => copied.push(text), open: (url) => opened.push(url), tell: (message) => told.push(message) }
}

const items = (menu: MenuItemConstructorOptions): MenuItemConstructorOptions[] => menu.submenu as MenuItemConstructorOptions[]
const click = (item: MenuItemConstructorOptions | undefined): void => (item!.click as () => void)()

describe('the Web UI menu of the desktop app', () => {
  const link = webUiLoginLink('http://127.0.0.1:4810', 'tok/en+1')

  it('builds the link the way serve prints it, with the token encoded', () => {
    expect(link).toBe('http://127.0.0.1:4810/?token=tok%2Fen%2B1')
  })

  it('copies the sign-in link and says how long it works and how to revoke browsers', () => {
    const actions = recorder()
    const [copy] = items(webUiMenu(link, actions))
    click(copy)
    expect(actions.copied).toEqual([link])
    expect(actions.told).toEqual(['Sign-in link copied'])
  })

  it('opens the link in the default browser', () => {
    const actions = recorder()
    click(items(webUiMenu(link, actions))[1])
    expect(actions.opened).toEqual([link])
  })

  it('is disabled, saying why, when the HTTP server is not running', () => {
    const actions = recorder()
    const menu = items(webUiMenu(null, actions))
    expect(menu.map((item) => item.enabled)).toEqual([false, false])
    expect(menu[0]!.toolTip).toMatch(/HTTP server is off/)
    click(menu[0])
    click(menu[1])
    expect([actions.copied, actions.opened]).toEqual([[], []])
  })
})
