import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import './shared/styles/listPages.css'
import { installTransport, pickTransport } from './app/api'
import { createAppRouter } from './app/router'

import { mountSharedBoard, sharePrefix } from './features/wallboard/share/mountSharedBoard'

// A read-only wallboard link (/share/<token>/) runs the TV board alone, on the share routes only.
const shared = sharePrefix(window.location.pathname)
if (shared !== null) {
  void mountSharedBoard(shared)
} else {
  // The transport is chosen once: Electron's preload bridge if present, else HTTP to this origin.
  installTransport(pickTransport())

  createApp(App).use(createPinia()).use(createAppRouter()).mount('#app')
}
