import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { basicAuth, startTestServer } from '../server/helpers'

/**
 * Issue 11, hostile input: each named case of the issue gets its own 4xx TaskRouter error with a
 * message saying what is wrong (and, where there is one, the parameter), and the server stays up.
 * Statuses follow REFERENCE §2.4: 400/20001 for invalid input and name conflicts (TaskRouter's
 * "Queue named ... already exists"), 404/20404 only for well-formed SIDs that do not exist.
 */

type Server = Awaited<ReturnType<typeof startTestServer>>
let server: Server
let ws = ''
let queue = ''

async function call(method: string, path: string, fields?: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${server.origin}/v1${path}`, {
    method,
    headers: { Authorization: basicAuth, ...(fields ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}) },
    body: fields ? new URLSearchParams(fields).toString() : undefined,
  })
  const text = await response.text()
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} }
}

beforeAll(async () => {
  server = await startTestServer()
  ws = ((await call('POST', '/Workspaces', { FriendlyName: 'Hostile', Template: 'FIFO' })).body.sid as string)
  await call('POST', `/Workspaces/${ws}/Workers`, { FriendlyName: 'Alice' })
  queue = (await call('POST', `/Workspaces/${ws}/TaskQueues`, { FriendlyName: 'Support', TargetWorkers: '1==1' })).body.sid as string
})
afterAll(async () => server?.close())

const deep = (depth: number): string => '('.repeat(depth) + 'a == 1' + ')'.repeat(depth)
const nestedJson = (depth: number): string => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)

interface Case {
  name: string
  request: () => [string, string, Record<string, string>?]
  status: number
  message: RegExp
}

const cases: Case[] = [
  { name: 'worker attributes over 4096 characters', request: () => ['POST', `/Workspaces/${ws}/Workers`, { FriendlyName: 'big', Attributes: JSON.stringify({ notes: 'x'.repeat(4100) }) }], status: 400, message: /4096/ },
  { name: 'task attributes over 4096 characters', request: () => ['POST', `/Workspaces/${ws}/Tasks`, { TaskQueueSid: queue, Attributes: JSON.stringify({ notes: 'x'.repeat(4100) }) }], status: 400, message: /4096/ },
  { name: 'attributes that are an array', request: () => ['POST', `/Workspaces/${ws}/Workers`, { FriendlyName: 'arr', Attributes: '[1,2]' }], status: 400, message: /object/i },
  { name: 'attributes that are a string', request: () => ['POST', `/Workspaces/${ws}/Workers`, { FriendlyName: 'str', Attributes: '"skills"' }], status: 400, message: /object/i },
  { name: 'attributes that are not JSON', request: () => ['POST', `/Workspaces/${ws}/Workers`, { FriendlyName: 'bad', Attributes: '{skills: [}' }], status: 400, message: /JSON/i },
  { name: 'deeply nested attributes JSON', request: () => ['POST', `/Workspaces/${ws}/Workers`, { FriendlyName: 'nested', Attributes: nestedJson(1500) }], status: 400, message: /4096|deep|nest/i },
  { name: 'workflow configuration that is not JSON', request: () => ['POST', `/Workspaces/${ws}/Workflows`, { FriendlyName: 'wf-bad', Configuration: '{"task_routing":' }], status: 400, message: /JSON|configuration/i },
  { name: 'an unknown worker SID', request: () => ['GET', `/Workspaces/${ws}/Workers/WK${'0'.repeat(32)}`], status: 404, message: /not found/i },
  { name: 'an unknown workspace SID', request: () => ['GET', `/Workspaces/WS${'0'.repeat(32)}/Workers`], status: 404, message: /not found/i },
  { name: 'a SID of the wrong kind', request: () => ['GET', `/Workspaces/${ws}/Workers/${queue}`], status: 400, message: /must be a WK SID/ },
  { name: 'a path trick in a SID', request: () => ['GET', `/Workspaces/${ws}/Workers/..%2F..%2F..%2Fetc%2Fpasswd`], status: 400, message: /must be a WK SID/ },
  { name: 'a NUL byte in a SID', request: () => ['GET', `/Workspaces/${ws}/Workers/WK%00`], status: 400, message: /must be a WK SID/ },
  { name: 'an expression nested 500 deep', request: () => ['POST', `/Workspaces/${ws}/TaskQueues`, { FriendlyName: 'deep', TargetWorkers: deep(500) }], status: 400, message: /nest|deep|TargetWorkers/i },
  { name: 'an expression of 100,000 characters', request: () => ['POST', `/Workspaces/${ws}/TaskQueues`, { FriendlyName: 'huge', TargetWorkers: Array.from({ length: 6000 }, (_, i) => `a == ${i}`).join(' OR ') }], status: 400, message: /long|characters|TargetWorkers/i },
  { name: 'a worker name that differs only in case', request: () => ['POST', `/Workspaces/${ws}/Workers`, { FriendlyName: 'ALICE' }], status: 400, message: /already exists.*ignoring case/ },
  { name: 'a queue name that differs only in case', request: () => ['POST', `/Workspaces/${ws}/TaskQueues`, { FriendlyName: 'support', TargetWorkers: '1==1' }], status: 400, message: /already exists.*ignoring case/ },
  { name: 'a priority out of range', request: () => ['POST', `/Workspaces/${ws}/Tasks`, { TaskQueueSid: queue, Priority: '2147483648' }], status: 400, message: /Priority/ },
  { name: 'a negative timeout', request: () => ['POST', `/Workspaces/${ws}/Tasks`, { TaskQueueSid: queue, Timeout: '-5' }], status: 400, message: /Timeout/ },
  { name: 'a page size over 1000', request: () => ['GET', `/Workspaces/${ws}/Workers?PageSize=1001`], status: 400, message: /PageSize/ },
  { name: 'a FriendlyName over 64 characters', request: () => ['POST', `/Workspaces/${ws}/Workers`, { FriendlyName: 'n'.repeat(65) }], status: 400, message: /64|FriendlyName/ },
  { name: 'a channel capacity over 50', request: () => ['POST', `/Workspaces/${ws}/Workers/WK${'0'.repeat(32)}/Channels/default`, { Capacity: '51' }], status: 400, message: /Capacity|50/ },
  { name: 'MaxReservedWorkers over 50', request: () => ['POST', `/Workspaces/${ws}/TaskQueues`, { FriendlyName: 'mrw', TargetWorkers: '1==1', MaxReservedWorkers: '51' }], status: 400, message: /MaxReservedWorkers|50/ },
  { name: 'a VirtualStartTime in the future', request: () => ['POST', `/Workspaces/${ws}/Tasks`, { TaskQueueSid: queue, VirtualStartTime: '2999-01-01T00:00:00Z' }], status: 400, message: /VirtualStartTime|future/i },
]

describe('hostile input gets a clear 4xx TaskRouter error', () => {
  it.each(cases)('$name', async ({ request, status, message }) => {
    const [method, path, fields] = request()
    const { status: answered, body } = await call(method, path, fields)
    expect(answered, JSON.stringify(body).slice(0, 300)).toBe(status)
    expect(Object.keys(body).sort()).toEqual(['code', 'message', 'more_info', 'status'])
    expect(body.message).toMatch(message)
  })

  it('the server is still up and the data is what it was', async () => {
    const workers = await call('GET', `/Workspaces/${ws}/Workers`)
    expect(workers.status).toBe(200)
    expect((workers.body.workers as { friendly_name: string }[]).map((w) => w.friendly_name)).toEqual(['Alice'])
  })
})
