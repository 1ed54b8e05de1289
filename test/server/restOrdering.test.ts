import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer } from './helpers'
import { restError, sdkClient, type Twilio } from './sdk/sdkClient'

/**
 * `Ordering` on the Workers and TaskQueues lists (REFERENCE §2.2 gives the format for Tasks and
 * leaves these two undocumented; decision 17 and server/taskrouter/ordering.ts say which
 * attributes Routedesk accepts), through the official SDK, with paging over the sorted list.
 */
let server: Awaited<ReturnType<typeof startTestServer>>
let client: Twilio
let ws: string

beforeAll(async () => {
  server = await startTestServer()
  client = sdkClient(server.origin).client
  ws = (await client.taskrouter.v1.workspaces.create({ friendlyName: 'Ordering' })).sid
  // Created one second apart, in an order that is neither alphabetical nor reversed.
  for (const name of ['carol', 'Alice', 'dave', 'Bob']) {
    await client.taskrouter.v1.workspaces(ws).workers.create({ friendlyName: name })
    await client.taskrouter.v1.workspaces(ws).taskQueues.create({ friendlyName: `Queue ${name}` })
    server.clock.advance(1000)
  }
})
afterAll(() => server.close())

const workerNames = async (ordering?: string, pageSize?: number): Promise<string[]> =>
  (await client.taskrouter.v1.workspaces(ws).workers.list({ ...(ordering ? { ordering } : {}), ...(pageSize ? { pageSize } : {}) })).map((w) => w.friendlyName)

describe('Ordering on Workers and TaskQueues', () => {
  it.each([
    [undefined, ['carol', 'Alice', 'dave', 'Bob']],
    ['DateCreated:asc', ['carol', 'Alice', 'dave', 'Bob']],
    ['DateCreated:desc', ['Bob', 'dave', 'Alice', 'carol']],
    ['FriendlyName:asc', ['Alice', 'Bob', 'carol', 'dave']],
    ['FriendlyName:desc', ['dave', 'carol', 'Bob', 'Alice']],
    ['ActivityName:asc,FriendlyName:desc', ['dave', 'carol', 'Bob', 'Alice']],
  ])('workers with Ordering=%s', async (ordering, expected) => {
    expect(await workerNames(ordering)).toEqual(expected)
  })

  it('pages through a sorted list with next_page_url (PageSize=1)', async () => {
    expect(await workerNames('FriendlyName:desc', 1)).toEqual(['dave', 'carol', 'Bob', 'Alice'])
  })

  it('sorts task queues by FriendlyName and DateCreated', async () => {
    const names = async (ordering: string): Promise<string[]> => (await client.taskrouter.v1.workspaces(ws).taskQueues.list({ ordering })).map((q) => q.friendlyName)
    expect(await names('FriendlyName:asc')).toEqual(['Queue Alice', 'Queue Bob', 'Queue carol', 'Queue dave'])
    expect(await names('DateCreated:desc')).toEqual(['Queue Bob', 'Queue dave', 'Queue Alice', 'Queue carol'])
  })

  it.each([
    ['Priority:asc', 'workers', /Ordering must be Attribute:asc or Attribute:desc .* with DateCreated, DateUpdated, DateStatusChanged, FriendlyName, ActivityName, not 'Priority:asc'/],
    ['FriendlyName', 'workers', /not 'FriendlyName'/],
    ['FriendlyName:up', 'workers', /not 'FriendlyName:up'/],
    ['FriendlyName:asc,FriendlyName:desc', 'workers', /Ordering names FriendlyName twice/],
    ['ActivityName:asc', 'taskQueues', /with DateCreated, DateUpdated, FriendlyName, not 'ActivityName:asc'/],
  ] as const)('Ordering=%s on %s is a 400 naming the accepted attributes', async (ordering, list, message) => {
    const workspace = client.taskrouter.v1.workspaces(ws)
    const error = await restError(() => (list === 'workers' ? workspace.workers.list({ ordering }) : workspace.taskQueues.list({ ordering })))
    expect({ status: error.status, code: error.code }).toEqual({ status: 400, code: 20001 })
    expect(error.message).toMatch(message)
  })
})
