import type { ApiError, MethodName, PushEventName, PushPayload, Result, Workspace } from '@contract'
import type { ConnectionState, Transport } from '@renderer/app/api'

type Handler = (input: Record<string, unknown>) => unknown

/**
 * An in-memory Transport: a handler per method (return data, or throw `fail(...)` for an
 * `{ ok: false }` answer), `emit` to push events and `setState` to move the connection.
 * Every call is recorded in `calls`.
 */
export interface FakeTransport extends Transport {
  handlers: Partial<Record<MethodName, Handler>>
  calls: Array<{ method: MethodName; input: unknown }>
  emit<E extends PushEventName>(event: E, payload: PushPayload<E>): void
  setState(state: ConnectionState): void
  listenerCount(event: PushEventName): number
}

/** What a handler throws to answer `{ ok: false, error }`. */
export class FakeFailure {
  constructor(readonly error: ApiError) {}
}

export function fail(error: Partial<ApiError> & Pick<ApiError, 'message'>): FakeFailure {
  return new FakeFailure({ code: 20001, status: 400, ...error })
}

export function createFakeTransport(handlers: Partial<Record<MethodName, Handler>> = {}): FakeTransport {
  const listeners = new Map<PushEventName, Set<(payload: unknown) => void>>()
  const stateListeners = new Set<(state: ConnectionState) => void>()
  let state: ConnectionState = 'connected'
  const fake: FakeTransport = {
    kind: 'http',
    handlers,
    calls: [],
    async invoke(method, input): Promise<Result<unknown>> {
      fake.calls.push({ method, input })
      const handler = fake.handlers[method]
      if (!handler) return { ok: false, error: { code: 20404, status: 404, message: `no fake for ${method}` } }
      try {
        return { ok: true, data: await handler(input as Record<string, unknown>) }
      } catch (error) {
        if (error instanceof FakeFailure) return { ok: false, error: error.error }
        throw error
      }
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set()
      listeners.set(event, set)
      set.add(listener)
      return () => set.delete(listener)
    },
    onConnection(listener) {
      stateListeners.add(listener)
      listener(state)
      return () => stateListeners.delete(listener)
    },
    emit(event, payload) {
      for (const listener of [...(listeners.get(event) ?? [])]) listener(payload)
    },
    setState(next) {
      state = next
      for (const listener of [...stateListeners]) listener(next)
    },
    listenerCount(event) {
      return listeners.get(event)?.size ?? 0
    },
  }
  return fake
}

let seq = 0
/** A Workspace with defaults; override any field. */
export function createWorkspace(overrides: Partial<Workspace> = {}): Workspace {
  seq += 1
  const hex = seq.toString(16).padStart(32, '0')
  return {
    sid: `WS${hex}`,
    friendly_name: `Workspace ${seq}`,
    default_activity_sid: null,
    default_activity_name: null,
    timeout_activity_sid: null,
    timeout_activity_name: null,
    multi_task_enabled: false,
    prioritize_queue_order: 'FIFO',
    event_callback_url: '',
    events_filter: null,
    date_created: '2026-11-21T10:00:00Z',
    date_updated: '2026-11-21T10:00:00Z',
    ...overrides,
  }
}

/**
 * A fake backend holding workspaces, enough for the workspaces store and list view:
 * list/get/create (duplicate names refused with `param: 'friendly_name'`)/update/delete.
 */
export function createWorkspaceBackend(initial: Workspace[] = []): { transport: FakeTransport; rows: Workspace[] } {
  const rows = [...initial]
  const duplicate = (name: string, except?: string): boolean =>
    rows.some((row) => row.sid !== except && row.friendly_name.toLowerCase() === name.trim().toLowerCase())
  const transport = createFakeTransport({
    'workspaces.list': () => [...rows],
    'workspaces.get': (input) => {
      const row = rows.find((item) => item.sid === input.sid)
      if (!row) throw fail({ code: 20404, status: 404, message: 'Workspace not found', param: 'sid' })
      return row
    },
    'workspaces.create': (input) => {
      const name = String(input.friendly_name)
      if (duplicate(name)) throw fail({ message: `A workspace named "${name}" already exists`, param: 'friendly_name' })
      const row = createWorkspace({
        friendly_name: name,
        multi_task_enabled: Boolean(input.multi_task_enabled),
        prioritize_queue_order: (input.prioritize_queue_order as Workspace['prioritize_queue_order']) ?? 'FIFO',
      })
      rows.push(row)
      return row
    },
    'workspaces.update': (input) => {
      const row = rows.find((item) => item.sid === input.sid)
      if (!row) throw fail({ code: 20404, status: 404, message: 'Workspace not found', param: 'sid' })
      if (typeof input.friendly_name === 'string' && duplicate(input.friendly_name, row.sid)) {
        throw fail({ message: `A workspace named "${input.friendly_name}" already exists`, param: 'friendly_name' })
      }
      Object.assign(row, input)
      return row
    },
    'workspaces.delete': (input) => {
      const index = rows.findIndex((item) => item.sid === input.sid)
      if (index === -1) throw fail({ code: 20404, status: 404, message: 'Workspace not found', param: 'sid' })
      rows.splice(index, 1)
      return { deleted: true }
    },
  })
  return { transport, rows }
}
