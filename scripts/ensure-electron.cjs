// Root postinstall: fetch the Electron binary on users' machines.
// Electron >= 42 has no postinstall of its own and downloads lazily, but electron-vite only
// looks at node_modules/electron/path.txt, so we fetch it here. Skipped on CI and wherever
// ELECTRON_SKIP_BINARY_DOWNLOAD is set (any value), e.g. machines without internet.
const { execFileSync } = require('node:child_process')
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD || process.env.CI) {
  console.log('[ensure-electron] skipped (ELECTRON_SKIP_BINARY_DOWNLOAD/CI set)')
  process.exit(0)
}
try {
  execFileSync(process.execPath, [require.resolve('electron/install.js')], { stdio: 'inherit' })
} catch (error) {
  // Never fail the whole install: `npm start` falls back to the headless server without it.
  console.warn('[ensure-electron] could not fetch the Electron binary; `npm start` will run headless:', error.message)
}
