import { z } from 'zod'
import { isoDateTime, taskChannelRef, workspaceSid } from './inputs'
import { DomainEventSchema } from './resources'
import { SidPrefix, sidSchema } from './sids'

/** The Events log (REFERENCE §2.2 ListEvent): newest first, the last 15 minutes by default. */
export const EVENTS_MAX_MINUTES = 43_200
export const EVENTS_LIST_MAX = 10_000

export const eventMethods = {
  'events.list': {
    input: z.strictObject({
      workspace_sid: workspaceSid,
      minutes: z.number().int().min(1, { message: `must be between 1 and ${EVENTS_MAX_MINUTES}` }).max(EVENTS_MAX_MINUTES, { message: `must be between 1 and ${EVENTS_MAX_MINUTES}` }).optional(),
      start_date: isoDateTime.optional(),
      end_date: isoDateTime.optional(),
      /** One type or a comma list, e.g. `task.created,task.canceled`. */
      event_type: z.string().max(1024).optional(),
      task_sid: sidSchema(SidPrefix.Task).optional(),
      worker_sid: sidSchema(SidPrefix.Worker).optional(),
      reservation_sid: sidSchema(SidPrefix.Reservation).optional(),
      task_queue_sid: sidSchema(SidPrefix.TaskQueue).optional(),
      workflow_sid: sidSchema(SidPrefix.Workflow).optional(),
      task_channel: taskChannelRef.optional(),
      sid: sidSchema(SidPrefix.Event).optional(),
      limit: z.number().int().min(1).max(EVENTS_LIST_MAX).optional(),
    }),
    output: z.array(DomainEventSchema),
  },
  'events.get': {
    input: z.strictObject({ workspace_sid: workspaceSid, sid: sidSchema(SidPrefix.Event) }),
    output: DomainEventSchema,
  },
} as const
