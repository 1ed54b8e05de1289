import { z } from 'zod'
import { workspaceSid } from './inputs'

/**
 * The webhook outbox as the Events area sees it: every event callback (REFERENCE §7.3) and
 * assignment callback (§7.1) Routedesk sent or still has to send, with its delivery status.
 */
export const DeliveryStatusSchema = z.enum(['pending', 'delivered', 'failed', 'skipped'])

/**
 * How a pending delivery's `last_error` starts while it waits for the Auth Token: the token is
 * stored only as a hash, so after a restart callbacks cannot be signed until it is proven again.
 * The Events area counts these to say so in one banner.
 */
export const AUTH_TOKEN_NEEDED = 'Callbacks wait for the Auth Token'

export const DeliverySchema = z.object({
  sid: z.string(),
  workspace_sid: z.string(),
  kind: z.enum(['event', 'assignment']),
  event_sid: z.string(),
  event_type: z.string(),
  url: z.string(),
  fallback_url: z.string().nullable(),
  /** The form parameters as posted. */
  params: z.record(z.string(), z.string()),
  status: DeliveryStatusSchema,
  attempts: z.number().int(),
  /** The next retry (pending deliveries only). */
  next_attempt_date: z.string().nullable(),
  last_status_code: z.number().int().nullable(),
  last_error: z.string().nullable(),
  /** What the receiver answered (assignment instructions), shortened. */
  response: z.string().nullable(),
  date_created: z.string(),
  date_updated: z.string(),
})
export type Delivery = z.infer<typeof DeliverySchema>

export const webhookMethods = {
  /** Recent deliveries of a workspace, newest first. */
  'webhooks.deliveries': {
    input: z.strictObject({
      workspace_sid: workspaceSid,
      status: DeliveryStatusSchema.optional(),
      limit: z.number().int().min(1).max(1000).optional(),
    }),
    output: z.array(DeliverySchema),
  },
} as const

/**
 * Pushed when a delivery changes status, and for notices about callbacks (e.g. an assignment
 * instruction that needs a voice provider).
 */
export const WebhookNoticeSchema = z.object({
  workspace_sid: z.string(),
  delivery_sid: z.string(),
  kind: z.enum(['event', 'assignment']),
  event_type: z.string(),
  status: DeliveryStatusSchema,
  attempts: z.number().int(),
  message: z.string().nullable(),
})
export type WebhookNotice = z.infer<typeof WebhookNoticeSchema>
