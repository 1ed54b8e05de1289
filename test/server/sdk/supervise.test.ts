import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { basicAuth, form, startTestServer } from '../helpers'
import { restError, sdkClient, type Twilio } from './sdkClient'

/**
 * `Instruction=supervise` on a reservation (REFERENCE §7.2: Task path only, `SupervisorMode`
 * monitor|whisper|barge, `Supervisor` a WK SID or a URI). Joining the call needs a voice
 * provider, so Routedesk validates the request, records a `reservation.supervise` event and
 * leaves the reservation as it was.
 */
let server: Awaited<ReturnType<typeof startTestServer>>
let client: Twilio
let ws: string
let agent: string
let supervisorSid: string
let task: string
let reservation: string

beforeAll(async () => {
  server = await startTestServer()
  client = sdkClient(server.origin).client
  ws = (await client.taskrouter.v1.workspaces.create({ friendlyName: 'Supervise', template: 'FIFO' })).sid
  const w = client.taskrouter.v1.workspaces(ws)
  const available = (await w.activities.list({ friendlyName: 'Available' }))[0]!.sid
  const offline = (await w.activities.list({ friendlyName: 'Offline' }))[0]!.sid
  agent = (await w.workers.create({ friendlyName: 'Alice', activitySid: available })).sid
  supervisorSid = (await w.workers.create({ friendlyName: 'Sam (supervisor)', activitySid: offline })).sid
  task = (await w.tasks.create({ attributes: '{"type":"support"}', taskChannel: 'voice' })).sid
  reservation = (await w.tasks(task).reservations.list())[0]!.sid
})
afterAll(() => server.close())

const taskReservation = () => client.taskrouter.v1.workspaces(ws).tasks(task).reservations(reservation)

describe('Instruction=supervise (REFERENCE §7.2)', () => {
  it('is refused while the reservation is pending (no call to supervise yet)', async () => {
    const error = await restError(() => taskReservation().update({ instruction: 'supervise', supervisor: supervisorSid }))
    expect({ status: error.status, code: error.code }).toEqual({ status: 400, code: 20001 })
    expect(error.message).toMatch(/only an accepted reservation/)
  })

  it('on an accepted reservation: 200, the reservation unchanged, a reservation.supervise event recorded', async () => {
    await taskReservation().update({ reservationStatus: 'accepted' })
    const before = await taskReservation().fetchWithHttpInfo()
    const answered = await taskReservation().updateWithHttpInfo({ instruction: 'supervise', supervisorMode: 'barge', supervisor: supervisorSid })
    expect(answered.statusCode).toBe(200)
    expect(answered.body.reservationStatus).toBe('accepted')
    expect(answered.headers.etag).toBe(before.headers.etag)

    const events = await client.taskrouter.v1.workspaces(ws).events.list({ eventType: 'reservation.supervise' })
    expect(events).toHaveLength(1)
    expect(events[0]!.resourceSid).toBe(reservation)
    expect(events[0]!.eventData).toMatchObject({ supervisor: supervisorSid, supervisor_mode: 'barge', worker_sid: agent, task_sid: task })
    expect(events[0]!.description).toMatch(/not supported without a voice provider/)
  })

  it('defaults SupervisorMode to monitor and accepts a contact URI as Supervisor', async () => {
    await taskReservation().update({ instruction: 'supervise', supervisor: 'client:sam' })
    const events = await client.taskrouter.v1.workspaces(ws).events.list({ eventType: 'reservation.supervise' })
    expect(events.map((event) => event.eventData.supervisor_mode)).toContain('monitor')
  })

  it.each([
    ['no Supervisor', { Instruction: 'supervise' }, 400, 'Supervisor'],
    ['an unknown supervisor worker (decision 4: 404)', { Instruction: 'supervise', Supervisor: 'WK' + '0'.repeat(32) }, 404, 'WK' + '0'.repeat(32)],
    ['a Supervisor that is neither a SID nor a URI', { Instruction: 'supervise', Supervisor: 'sam' }, 400, 'Supervisor'],
    ['a SupervisorMode outside monitor|whisper|barge', { Instruction: 'supervise', Supervisor: 'client:sam', SupervisorMode: 'listen' }, 400, 'SupervisorMode'],
    ['Supervisor without the instruction', { ReservationStatus: 'accepted', Supervisor: 'client:sam' }, 400, 'Supervisor'],
  ])('%s is refused', async (_case, fields, status, named) => {
    const response = await fetch(`${server.origin}/v1/Workspaces/${ws}/Tasks/${task}/Reservations/${reservation}`, form(fields))
    const body = (await response.json()) as { code: number; message: string }
    expect(response.status).toBe(status)
    expect(body.code).toBe(status === 404 ? 20404 : 20001)
    expect(body.message).toContain(named)
  })

  it('does not exist on the Worker path (REFERENCE §2.2: SupervisorMode and Supervisor are Task-path fields)', async () => {
    const path = `${server.origin}/v1/Workspaces/${ws}/Workers/${agent}/Reservations/${reservation}`
    const withParams = await fetch(path, form({ Instruction: 'supervise', Supervisor: 'client:sam' }))
    expect(withParams.status).toBe(400)
    expect(((await withParams.json()) as { message: string }).message).toBe('Unknown parameter Supervisor')
    const bare = await fetch(path, { ...form({ Instruction: 'supervise' }), headers: { Authorization: basicAuth, 'Content-Type': 'application/x-www-form-urlencoded' } })
    expect(bare.status).toBe(400)
    expect(((await bare.json()) as { message: string }).message).toMatch(/task's reservation only/)
  })
})
