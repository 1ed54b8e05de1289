// An open-loop load generator for the REST bench, run in its own process:
//   node openLoopLoad.mjs '<json options>'  ->  prints one JSON result line.
// Requests are sent at evenly spaced instants (`rate` per second) whether or not earlier ones
// have answered, and each latency is measured from the instant the request was DUE, not from
// when it was sent: a stalled server (or a late client) shows in the numbers instead of quietly
// lowering the offered load (coordinated omission). autocannon's `--overallRate` is not used:
// it releases each second's budget as a burst, so even a 0.1 ms GET measured a 45 ms p99.
// The first `warmupSeconds` of requests are sent at the same pace but not counted: they open
// the keep-alive sockets (a new TCP connection per request until enough are open).
import http from 'node:http'

const options = JSON.parse(process.argv[2])
const { url, rate, requests: measured, body, headers, warmupSeconds = 2, maxSockets = 256, timeoutMs = 30_000 } = options
const warmup = Math.round(rate * warmupSeconds)
const requests = warmup + measured
const target = new URL(url)
const agent = new http.Agent({ keepAlive: true, maxSockets })
const latencies = new Float64Array(requests)
const statusCounts = {}
let errors = 0
let done = 0
let sent = 0

const started = performance.now()
const intervalMs = 1000 / rate

function send(index) {
  const due = started + index * intervalMs
  const request = http.request(
    { host: target.hostname, port: target.port, path: target.pathname + target.search, method: 'POST', agent, headers: { ...headers, 'Content-Length': Buffer.byteLength(body) }, timeout: timeoutMs },
    (response) => {
      response.resume()
      response.on('end', () => {
        if (index >= warmup) statusCounts[response.statusCode] = (statusCounts[response.statusCode] ?? 0) + 1
        finish(index, due)
      })
    },
  )
  request.on('timeout', () => request.destroy(new Error('timeout')))
  request.on('error', () => {
    if (index >= warmup) errors += 1
    finish(index, due)
  })
  request.end(body)
}

function finish(index, due) {
  latencies[index] = performance.now() - due
  done += 1
  if (done === requests) report()
}

// Fires every request whose instant has come; re-arms on the next timer turn.
function pump() {
  const now = performance.now()
  while (sent < requests && started + sent * intervalMs <= now) send(sent++)
  if (sent < requests) setTimeout(pump, Math.max(0, started + sent * intervalMs - performance.now()))
}

function report() {
  const durationS = (performance.now() - started) / 1000 - warmupSeconds
  const sorted = Array.from(latencies.subarray(warmup)).sort((a, b) => a - b)
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
  const round = (value) => Math.round(value * 10) / 10
  process.stdout.write(JSON.stringify({
    duration: durationS,
    requests: { total: measured },
    errors,
    statusCodeStats: Object.fromEntries(Object.entries(statusCounts).map(([code, count]) => [code, { count }])),
    non2xx: Object.entries(statusCounts).filter(([code]) => !code.startsWith('2')).reduce((sum, [, count]) => sum + count, 0),
    latency: { p50: round(at(0.5)), p99: round(at(0.99)), max: round(sorted.at(-1)) },
  }) + '\n')
  agent.destroy()
}

pump()
