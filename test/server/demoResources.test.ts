import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { demoFileCandidates, locateDemoFile, type RuntimeLayout } from '../../src-main/server/demoResources'

const DEMO = join('resources', 'demo', 'contact-center.json')
const repo = '/home/dev/routedesk'
const exists = (present: string[]) => (path: string): Promise<boolean> => Promise.resolve(present.includes(path))

describe('where the demo contact center is found', () => {
  it.each<[string, RuntimeLayout, string[], string]>([
    ['npm run serve from the repository (code in out/main/chunks)', { mainDir: `${repo}/out/main/chunks`, cwd: repo }, [join(repo, DEMO)], join(repo, DEMO)],
    ['a build started from another folder', { mainDir: `${repo}/out/main/chunks`, cwd: '/tmp' }, [join(repo, DEMO)], join(repo, DEMO)],
    ['a build copied elsewhere, started from the repository', { mainDir: '/tmp/build/main', cwd: repo }, [join(repo, DEMO)], join(repo, DEMO)],
    [
      'the packaged desktop app: beside app.asar first',
      { mainDir: '/opt/Routedesk/resources/app.asar/out/main', cwd: '/', electron: { packaged: true, resourcesPath: '/opt/Routedesk/resources', appPath: '/opt/Routedesk/resources/app.asar' } },
      ['/opt/Routedesk/resources/demo/contact-center.json', '/opt/Routedesk/resources/app.asar/resources/demo/contact-center.json'],
      '/opt/Routedesk/resources/demo/contact-center.json',
    ],
    [
      'the packaged desktop app: inside app.asar',
      { mainDir: '/opt/Routedesk/resources/app.asar/out/main', cwd: '/', electron: { packaged: true, resourcesPath: '/opt/Routedesk/resources', appPath: '/opt/Routedesk/resources/app.asar' } },
      ['/opt/Routedesk/resources/app.asar/resources/demo/contact-center.json'],
      '/opt/Routedesk/resources/app.asar/resources/demo/contact-center.json',
    ],
    ['the desktop app in development (appPath is the repository)', { mainDir: `${repo}/out/main`, cwd: '/', electron: { packaged: false, resourcesPath: '/usr/lib/electron/resources', appPath: repo } }, [join(repo, DEMO)], join(repo, DEMO)],
    ['ROUTEDESK_DEMO_FILE, relative to the working folder', { mainDir: `${repo}/out/main`, cwd: '/srv', demoFileOverride: 'my-demo.json' }, ['/srv/my-demo.json', join(repo, DEMO)], '/srv/my-demo.json'],
  ])('%s', async (_case, layout, present, expected) => {
    await expect(locateDemoFile(layout, exists(present))).resolves.toBe(expected)
  })

  it('does not look inside the Electron binary for a development app', () => {
    const candidates = demoFileCandidates({ mainDir: `${repo}/out/main`, cwd: repo, electron: { packaged: false, resourcesPath: '/usr/lib/electron/resources', appPath: repo } })
    expect(candidates.some((candidate) => candidate.startsWith('/usr/lib/electron'))).toBe(false)
  })

  it('names every place it looked when the file is missing, and hints at packaging', async () => {
    const layout: RuntimeLayout = { mainDir: '/opt/R/resources/app.asar/out/main', cwd: '/', electron: { packaged: true, resourcesPath: '/opt/R/resources', appPath: '/opt/R/resources/app.asar' } }
    const failure = await locateDemoFile(layout, exists([])).catch((error: Error) => error.message)
    expect(failure).toContain('/opt/R/resources/demo/contact-center.json')
    expect(failure).toContain('/opt/R/resources/app.asar/resources/demo/contact-center.json')
    expect(failure).toMatch(/extra resource.*ROUTEDESK_DEMO_FILE/)
  })

  it('refuses a ROUTEDESK_DEMO_FILE that does not exist instead of falling back', async () => {
    const layout: RuntimeLayout = { mainDir: `${repo}/out/main`, cwd: '/srv', demoFileOverride: '/srv/missing.json' }
    await expect(locateDemoFile(layout, exists([join(repo, DEMO)]))).rejects.toThrow(/ROUTEDESK_DEMO_FILE points at \/srv\/missing.json/)
  })

  it('finds a real file on disk from a build\'s chunks folder', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'rd-demo-'))
    mkdirSync(join(elsewhere, 'out', 'main', 'chunks'), { recursive: true })
    mkdirSync(join(elsewhere, 'resources', 'demo'), { recursive: true })
    writeFileSync(join(elsewhere, DEMO), '{}')
    await expect(locateDemoFile({ mainDir: join(elsewhere, 'out', 'main', 'chunks'), cwd: '/' })).resolves.toBe(join(elsewhere, DEMO))
  })
})
