import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'

const root = import.meta.dirname
const alias = { '@renderer': resolve(root, 'src-renderer/src'), '@contract': resolve(root, 'src-main/contract/index.ts') }

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rolldownOptions: {
        input: {
          // The Electron entry and the headless server share every module but the shell.
          index: resolve(root, 'src-main/index.ts'),
          serve: resolve(root, 'src-main/server/serve.ts'),
          storeWorker: resolve(root, 'src-main/store/durable/storeWorker.ts'),
          simulate: resolve(root, 'src-main/cli/simulate.ts'),
          restore: resolve(root, 'src-main/cli/restore.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rolldownOptions: {
        input: { index: resolve(root, 'src-preload/index.ts') },
        // CJS preload works with sandbox: true.
        output: { format: 'cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    build: {
      outDir: resolve(root, 'out/renderer'),
      rolldownOptions: { input: { index: resolve(root, 'src-renderer/index.html') } },
    },
    resolve: { alias },
    plugins: [vue()],
  },
})
