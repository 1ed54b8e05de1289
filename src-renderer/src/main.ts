import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { installTransport, pickTransport } from './app/api'
import { createAppRouter } from './app/router'

// The transport is chosen once: Electron's preload bridge if present, else HTTP to this origin.
installTransport(pickTransport())

createApp(App).use(createPinia()).use(createAppRouter()).mount('#app')
