import { Worker } from 'node:worker_threads'
import { NewerDatabaseError, StorageError } from '../port'
import type { JournalRecord } from './journalFormat'
import type { SerializedError, WorkerReply, WorkerRequest, WorkerResults } from './protocol'

type RequestBody = WorkerRequest extends infer R ? R extends { id: number } ? Omit<R, 'id'> : never : never

interface Waiting {
  resolve: (value: unknown) => void
  reject: (error: StorageError) => void
}

/**
 * The main thread's handle on the store worker: numbered requests with promised replies, and
 * ordered fire-and-forget applies. If the worker faults, throws or exits, every waiting request
 * rejects with StorageError and `onFault` is told once.
 */
export class StoreWorkerClient {
  private readonly worker: Worker
  private readonly waiting = new Map<number, Waiting>()
  private nextId = 1
  private fault: StorageError | null = null
  private terminated = false

  constructor(entry: URL | string, execArgv: string[] | undefined, private readonly onFault: (error: StorageError) => void) {
    this.worker = new Worker(entry, execArgv ? { execArgv } : {})
    this.worker.on('message', (reply: WorkerReply) => this.receive(reply))
    this.worker.on('error', (error) => this.failAll(new StorageError(`The store worker crashed: ${error.message}`, error)))
    this.worker.on('exit', (code) => {
      if (!this.terminated) this.failAll(new StorageError(`The store worker exited unexpectedly (code ${code})`))
    })
  }

  request<T extends RequestBody['type']>(body: Extract<RequestBody, { type: T }>): Promise<WorkerResults[T]> {
    if (this.fault) return Promise.reject(this.fault)
    const id = this.nextId++
    return new Promise<WorkerResults[T]>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject })
      this.worker.postMessage({ ...body, id })
    })
  }

  apply(records: JournalRecord[]): void {
    if (!this.fault) this.worker.postMessage({ type: 'apply', records })
  }

  faulted(): StorageError | null {
    return this.fault
  }

  async terminate(): Promise<void> {
    this.terminated = true
    await this.worker.terminate()
    this.failAll(new StorageError('The store is closed'), false)
  }

  private receive(reply: WorkerReply): void {
    if (reply.type === 'fault') {
      this.failAll(new StorageError(reply.message))
      return
    }
    const waiting = this.waiting.get(reply.id)
    if (!waiting) return
    this.waiting.delete(reply.id)
    if (reply.ok) waiting.resolve(reply.value)
    else waiting.reject(deserializeError(reply.error))
  }

  private failAll(error: StorageError, isFault = true): void {
    if (isFault && !this.fault) {
      this.fault = error
      this.onFault(error)
    }
    for (const waiting of this.waiting.values()) waiting.reject(error)
    this.waiting.clear()
  }
}

function deserializeError(error: SerializedError): StorageError {
  return error.name === 'NewerDatabaseError' ? new NewerDatabaseError(error.message) : new StorageError(error.message)
}
