import { resolve } from 'node:path'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// Browser-only renderer dev server (electron-vite dev needs the Electron binary). Run
// `npm run serve` on 4780 first; RPC and live events are proxied to it.
const root = import.meta.dirname
export default defineConfig({
  root: resolve(root, 'src-renderer'),
  plugins: [vue()],
  resolve: { alias: { '@renderer': resolve(root, 'src-renderer/src'), '@contract': resolve(root, 'src-main/contract/index.ts') } },
  server: { proxy: { '/rpc': 'http://127.0.0.1:4780', '/live': 'http://127.0.0.1:4780', '/auth': 'http://127.0.0.1:4780' } },
})
