import { parentPort } from 'node:worker_threads'
import type { WorkerMessage } from './protocol'
import { StoreWorkerService } from './workerService'

/**
 * Entry of the store worker thread (built to out/main/storeWorker.js). The sql.js database lives
 * here so that its synchronous work, above all db.export() of the whole database for a
 * snapshot, never stalls the main thread's event loop.
 */
const port = parentPort
if (!port) throw new Error('storeWorker must run in a worker thread')
const service = new StoreWorkerService((reply) => port.postMessage(reply))
port.on('message', (message: WorkerMessage) => service.handle(message))
