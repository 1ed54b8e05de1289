import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { basicAuth, form, startTestServer } from './helpers'

/** Paging `meta` (REFERENCE §2.3) and error bodies (§2.4) checked field by field. */
let server: Awaited<ReturnType<typeof startTestServer>>
let base: string
let ws: string
const workers: string[] = []
const get = async (path: string): Promise<Response> => fetch(path.startsWith('http') ? path : `${base}${path}`, { headers: { Authorization: basicAuth } })

beforeAll(async () => {
  server = await startTestServer()
  base = server.origin
  ws = (await (await fetch(`${base}/v1/Workspaces`, form({ FriendlyName: 'Paging' }))).json()).sid
  for (const name of ['W1', 'W2', 'W3', 'W4', 'W5']) workers.push((await (await fetch(`${base}/v1/Workspaces/${ws}/Workers`, form({ FriendlyName: name }))).json()).sid)
})
afterAll(() => server.close())

describe('paging meta (REFERENCE §2.3)', () => {
  it('has every field, absolute on this host, keeping the filters; PageToken points after the last item', async () => {
    const list = `${base}/v1/Workspaces/${ws}/Workers`
    const first = await (await get(`${list}?Available=false&PageSize=2`)).json()
    expect(first.meta).toEqual({
      key: 'workers',
      page: 0,
      page_size: 2,
      first_page_url: `${list}?Available=false&PageSize=2&Page=0`,
      previous_page_url: null,
      next_page_url: `${list}?Available=false&PageSize=2&Page=1&PageToken=PA${workers[1]}`,
      url: `${list}?Available=false&PageSize=2&Page=0`,
    })
    const second = await (await get(first.meta.next_page_url)).json()
    expect(second.workers.map((w: { sid: string }) => w.sid)).toEqual(workers.slice(2, 4))
    expect(second.meta).toMatchObject({
      page: 1,
      previous_page_url: `${list}?Available=false&PageSize=2&Page=0`,
      url: `${list}?Available=false&PageSize=2&Page=1&PageToken=PA${workers[1]}`,
      next_page_url: `${list}?Available=false&PageSize=2&Page=2&PageToken=PA${workers[3]}`,
    })
    const last = await (await get(second.meta.next_page_url)).json()
    expect(last.workers.map((w: { sid: string }) => w.sid)).toEqual([workers[4]])
    expect(last.meta.next_page_url).toBeNull()
  })

  it('serves Page without PageToken (decision 17)', async () => {
    const page = await (await get(`/v1/Workspaces/${ws}/Workers?PageSize=2&Page=2`)).json()
    expect(page.workers.map((w: { sid: string }) => w.sid)).toEqual([workers[4]])
  })

  it.each([
    ['PageSize=0', 'PageSize'],
    ['PageSize=1001', 'PageSize'],
    ['Page=-1', 'Page'],
    ['PageSize=ten', 'PageSize'],
    ['PageToken=nonsense', 'PageToken'],
  ])('refuses %s with a 400 naming %s', async (query, param) => {
    const response = await get(`/v1/Workspaces/${ws}/Workers?${query}`)
    expect(response.status).toBe(400)
    const body = await response.json()
    expect(body).toEqual({ code: 20001, message: expect.stringContaining(param), more_info: 'https://www.twilio.com/docs/errors/20001', status: 400 })
  })
})

describe('error bodies (REFERENCE §2.4): code, message, more_info, status and nothing else', () => {
  it.each([
    ['a method the path does not take', 405, 20004, () => fetch(`${base}/v1/Workspaces/${ws}/Workers`, { method: 'DELETE', headers: { Authorization: basicAuth } })],
    ['a body over 2 MiB', 413, 20001, () => fetch(`${base}/v1/Workspaces`, form({ FriendlyName: 'x'.repeat(3 * 1024 * 1024) }))],
    ['a JSON body on a form route', 400, 20001, () => fetch(`${base}/v1/Workspaces`, { method: 'POST', headers: { Authorization: basicAuth, 'Content-Type': 'application/json' }, body: '{"FriendlyName":"x"}' })],
    ['an unknown worker', 404, 20404, () => get(`/v1/Workspaces/${ws}/Workers/WK${'0'.repeat(32)}`)],
  ])('%s -> HTTP %i', async (_case, status, code, send) => {
    const response = await send()
    expect(response.status).toBe(status)
    const body = await response.json()
    expect(Object.keys(body).sort()).toEqual(['code', 'message', 'more_info', 'status'])
    expect(body).toMatchObject({ code, status, more_info: `https://www.twilio.com/docs/errors/${code}` })
  })
})
