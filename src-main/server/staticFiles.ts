import { readFile } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { CONTENT_SECURITY_POLICY } from './http'

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
}

/**
 * Serves the built renderer. Paths are normalized and must stay inside `root` (no `..`
 * escapes); unknown paths get index.html so client-side routes reload correctly.
 */
export async function serveStatic(response: ServerResponse, root: string, urlPath: string): Promise<void> {
  const base = resolve(root)
  let relative: string
  try {
    relative = normalize(decodeURIComponent(urlPath)).replace(/^([/\\])+/, '')
  } catch {
    relative = ''
  }
  let file = resolve(join(base, relative))
  if (file !== base && !file.startsWith(base + sep)) file = join(base, 'index.html')
  if (file === base || relative === '') file = join(base, 'index.html')
  let body: Buffer
  try {
    body = await readFile(file)
  } catch {
    if (extname(file)) {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' })
      response.end('Not found')
      return
    }
    file = join(base, 'index.html')
    try {
      body = await readFile(file)
    } catch {
      response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' })
      response.end('The web UI is not built: run `npm run build`.')
      return
    }
  }
  const type = contentTypes[extname(file)] ?? 'application/octet-stream'
  response.writeHead(200, {
    'Content-Type': type,
    'Content-Length': body.length,
    'Cache-Control': file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...(type.startsWith('text/html') ? { 'Content-Security-Policy': CONTENT_SECURITY_POLICY } : {}),
  })
  response.end(body)
}

export const SIGNED_OUT_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Routedesk: signed out</title>
<style>body{font:16px system-ui,sans-serif;background:#101418;color:#e6e6e6;display:grid;place-items:center;height:100vh;margin:0}
main{max-width:34rem;padding:2rem;border:1px solid #333;border-radius:8px;background:#171c22}h1{font-size:1.3rem;margin-top:0}code{background:#222a33;padding:.1rem .3rem;border-radius:4px}</style>
</head><body><main><h1>Routedesk: sign-in required</h1><p>This Routedesk server needs its web UI token. Open the link that
<code>npm run serve</code> printed (<code>http://…/?token=…</code>), or ask the admin who runs it.</p></main></body></html>`
