import { z } from 'zod'
import { QueueOrder } from './resources'
import { SidPrefix, sidSchema } from './sids'

/**
 * Input building blocks. Every bound here is a documented TaskRouter limit (REFERENCE §9.1)
 * or a guard against hostile input; zod messages name the field through the error path.
 */
export const FRIENDLY_NAME_MAX = 64
export const ATTRIBUTES_MAX = 4096
export const EXPRESSION_MAX = 4096
export const WORKFLOW_CONFIGURATION_MAX = 1_038_576
export const URL_MAX = 2048
export const MAX_RESERVED_WORKERS_MAX = 50
export const CHANNEL_CAPACITY_MAX = 50
export const TASK_RESERVATION_TIMEOUT_MAX = 86_400

export const friendlyName = z
  .string()
  .trim()
  .min(1, { message: 'must not be empty' })
  .max(FRIENDLY_NAME_MAX, { message: `must be at most ${FRIENDLY_NAME_MAX} characters` })

export const workspaceSid = sidSchema(SidPrefix.Workspace)
export const activitySid = sidSchema(SidPrefix.Activity)
export const workerSid = sidSchema(SidPrefix.Worker)
export const taskQueueSid = sidSchema(SidPrefix.TaskQueue)
export const workflowSid = sidSchema(SidPrefix.Workflow)

/** A TaskChannel is addressed by SID or by its unique name (REFERENCE §1.1). */
export const taskChannelRef = z
  .string()
  .min(1)
  .max(FRIENDLY_NAME_MAX)
  .regex(/^(TC[0-9a-fA-F]{32}|[A-Za-z_$][A-Za-z0-9_$]*)$/, { message: 'must be a TC SID or a channel unique name' })

/** TaskChannel unique names are identifiers used in `worker.channel.<name>.*` (REFERENCE §1.4). */
export const channelUniqueName = z
  .string()
  .min(1, { message: 'must not be empty' })
  .max(FRIENDLY_NAME_MAX, { message: `must be at most ${FRIENDLY_NAME_MAX} characters` })
  .regex(/^[A-Za-z_$][A-Za-z0-9_$]*$/, {
    message: 'may contain only letters, digits, _ and $, and must not start with a digit',
  })

/** Attributes are a JSON object serialized as a string of at most 4096 characters. */
export const attributesJson = z
  .string()
  .max(ATTRIBUTES_MAX, { message: `must be at most ${ATTRIBUTES_MAX} characters (whitespace included)` })
  .superRefine((text, ctx) => {
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `is not valid JSON: ${(error as Error).message}` })
      return
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON object, like {"skills":["support"]}' })
    }
  })

export const expressionText = z
  .string()
  .trim()
  .min(1, { message: 'must not be empty' })
  .max(EXPRESSION_MAX, { message: `must be at most ${EXPRESSION_MAX} characters` })

export const callbackUrl = z
  .string()
  .max(URL_MAX)
  .refine((value) => value === '' || /^https?:\/\/[^\s]+$/i.test(value), { message: 'must be an http(s) URL' })

export const eventsFilter = z.string().max(4096)
export const queueOrder = QueueOrder

export const workflowConfigurationText = z
  .string()
  .min(1, { message: 'must not be empty' })
  .max(WORKFLOW_CONFIGURATION_MAX, { message: `must be at most ${WORKFLOW_CONFIGURATION_MAX} bytes` })

export const maxReservedWorkers = z
  .number()
  .int()
  .min(1, { message: 'must be between 1 and 50' })
  .max(MAX_RESERVED_WORKERS_MAX, { message: 'must be between 1 and 50' })

export const taskReservationTimeout = z
  .number()
  .int()
  .min(1, { message: `must be between 1 and ${TASK_RESERVATION_TIMEOUT_MAX} seconds` })
  .max(TASK_RESERVATION_TIMEOUT_MAX, { message: `must be between 1 and ${TASK_RESERVATION_TIMEOUT_MAX} seconds` })

export const channelCapacity = z
  .number()
  .int()
  .min(0, { message: `must be between 0 and ${CHANNEL_CAPACITY_MAX}` })
  .max(CHANNEL_CAPACITY_MAX, { message: `must be between 0 and ${CHANNEL_CAPACITY_MAX}` })

/** Optimistic concurrency: the version the caller last saw (REST If-Match). */
export const ifMatch = z.string().max(32).optional()

export const taskSid = sidSchema(SidPrefix.Task)
export const reservationSid = sidSchema(SidPrefix.Reservation)

export const PRIORITY_MAX = 2_147_483_647
export const TASK_TIMEOUT_MAX = 1_209_600

export const taskPriority = z
  .number()
  .int()
  .min(0, { message: `must be between 0 and ${PRIORITY_MAX}` })
  .max(PRIORITY_MAX, { message: `must be between 0 and ${PRIORITY_MAX}` })

export const taskTimeout = z
  .number()
  .int()
  .min(1, { message: `must be between 1 and ${TASK_TIMEOUT_MAX} seconds` })
  .max(TASK_TIMEOUT_MAX, { message: `must be between 1 and ${TASK_TIMEOUT_MAX} seconds` })

/** An ISO-8601 date-time; parsed by the Date built-in, range-checked by the engine. */
export const isoDateTime = z
  .string()
  .max(40)
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/, { message: 'must be an ISO-8601 date-time like 2026-11-21T10:00:00Z' })

export const reasonText = z.string().max(1024, { message: 'must be at most 1024 characters' })
