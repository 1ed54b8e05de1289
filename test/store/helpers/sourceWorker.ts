import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'

const here = dirname(new URL(import.meta.url).pathname)
const repoRoot = join(here, '..', '..', '..')

/** The worker entry's TypeScript source. */
export const storeWorkerSource = join(repoRoot, 'src-main/store/durable/storeWorker.ts')

/**
 * What to pass as `workerEntry` to run the store worker from its TypeScript source (tests, the
 * bench). Verified on Node 20 under vitest and under `node --import tsx`: a data: URL module that
 * loads the source with tsx's scoped `tsImport`. (`execArgv: ['--import', 'tsx']` does not
 * register tsx's hooks inside a worker on Node 20, and `register()` from a data: URL trips over
 * require(esm) cycles.) Bare specifiers cannot be resolved from a data: URL, so tsx's API is
 * imported by absolute file URL.
 */
export function sourceWorkerEntry(tsFile: string = storeWorkerSource): URL {
  const require = createRequire(import.meta.url)
  const tsxApi = pathToFileURL(join(dirname(require.resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href
  const tsUrl = pathToFileURL(tsFile).href
  const source = `import { tsImport } from ${JSON.stringify(tsxApi)}; await tsImport(${JSON.stringify(tsUrl)}, ${JSON.stringify(tsUrl)})`
  return new URL(`data:text/javascript,${encodeURIComponent(source)}`)
}
