import { access } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'

/** The demo contact center, relative to a resources folder. */
export const DEMO_FILE = join('demo', 'contact-center.json')

/** out/main/chunks -> out/main -> out -> the repository root. */
const ANCESTORS_SEARCHED = 3

/** Where this process runs from: what decides where `resources/` is. */
export interface RuntimeLayout {
  /** The folder of the built main bundle (`out/main`, or inside app.asar when packaged). */
  mainDir: string
  cwd: string
  /** ROUTEDESK_DEMO_FILE: an explicit file wins over every guess. */
  demoFileOverride?: string | undefined
  /** Electron only: `app.isPackaged`, `process.resourcesPath`, `app.getAppPath()`. */
  electron?: { packaged: boolean; resourcesPath: string; appPath: string }
}

/**
 * The places the demo file may be, most specific first:
 * - ROUTEDESK_DEMO_FILE;
 * - packaged desktop app: `<resourcesPath>/demo/…` (copied there as an extra resource, outside
 *   the asar archive), then `<appPath>/resources/demo/…` (inside app.asar, which Electron's fs reads);
 * - desktop app in development: `<appPath>/resources/demo/…` (appPath is the repository root);
 * - `npm run serve` and any build: `resources/demo/…` in the nearest ancestor of the bundle's
 *   folder (the code may sit in out/main or out/main/chunks: the repository root is 2 or 3 levels
 *   up), then `<cwd>/resources/demo/…` for a build placed elsewhere.
 */
export function demoFileCandidates(layout: RuntimeLayout): string[] {
  const candidates: string[] = []
  if (layout.demoFileOverride) candidates.push(resolve(layout.cwd, layout.demoFileOverride))
  if (layout.electron?.packaged) candidates.push(join(layout.electron.resourcesPath, DEMO_FILE))
  if (layout.electron) candidates.push(join(layout.electron.appPath, 'resources', DEMO_FILE))
  for (let up = 1, dir = resolve(layout.mainDir); up <= ANCESTORS_SEARCHED; up++) {
    dir = dirname(dir)
    candidates.push(join(dir, 'resources', DEMO_FILE))
  }
  candidates.push(resolve(layout.cwd, 'resources', DEMO_FILE))
  return [...new Set(candidates)]
}

export class DemoFileMissingError extends Error {}

/**
 * The first candidate that exists; otherwise an error naming every place looked at. An
 * explicit ROUTEDESK_DEMO_FILE that does not exist is an error by itself (no silent fallback).
 */
export async function locateDemoFile(layout: RuntimeLayout, exists: (path: string) => Promise<boolean> = fileExists): Promise<string> {
  const candidates = demoFileCandidates(layout)
  if (layout.demoFileOverride) {
    if (await exists(candidates[0]!)) return candidates[0]!
    throw new DemoFileMissingError(`ROUTEDESK_DEMO_FILE points at ${candidates[0]}, which does not exist`)
  }
  for (const candidate of candidates) if (await exists(candidate)) return candidate
  const packagedHint = layout.electron?.packaged ? ' (a packaged app needs resources/demo shipped as an extra resource)' : ''
  throw new DemoFileMissingError(`the demo contact center was not found${packagedHint}; looked in: ${candidates.join(', ')}. Set ROUTEDESK_DEMO_FILE to its path.`)
}

function fileExists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false)
}
