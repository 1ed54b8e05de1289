import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

const root = import.meta.dirname
const alias = { '@renderer': resolve(root, 'src-renderer/src'), '@contract': resolve(root, 'src-main/contract/index.ts') }

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/{contract,engine,store,api,server,desktop}/**/*.test.ts'],
          // Files share a worker's module cache: re-importing the engine, contract and zod for
          // each of ~80 files was most of this project's time (195 s -> 110 s measured). What
          // modules keep at module level are caches keyed by the objects they describe (WeakMaps,
          // the sql.js instance), never state one test could leak into another; a file that
          // mocks a module (test/desktop/windowHardening) still gets its own mocks.
          isolate: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        plugins: [vue()],
        resolve: { alias },
        test: {
          name: 'dom',
          environment: 'happy-dom',
          include: ['test/renderer/**/*.test.ts'],
          exclude: ['test/renderer/**/*.isolated.test.ts'],
          setupFiles: ['test/renderer/setup.ts'],
          // Shared module cache, as in `node` (117 s -> ~35 s). Files that need a fresh module
          // graph are named *.isolated.test.ts and run in `dom-isolated`: those that replace a
          // module with vi.mock (the fake would leak into later files), and those that read
          // app/liveStats's pushes (earlier files' stores stay subscribed to their own fake
          // transport through its module-level listeners).
          isolate: false,
        },
      },
      {
        plugins: [vue()],
        resolve: { alias },
        test: { name: 'dom-isolated', environment: 'happy-dom', include: ['test/renderer/**/*.isolated.test.ts'], setupFiles: ['test/renderer/setup.ts'] },
      },
      {
        resolve: { alias },
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts', 'test/reliability/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
