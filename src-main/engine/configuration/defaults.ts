/**
 * What every new workspace starts with (REFERENCE decision 16). TaskRouter's own defaults
 * differ between old and new workspaces; ours are fixed and documented in README.
 */
export const defaultActivities = [
  { friendly_name: 'Offline', available: false },
  { friendly_name: 'Available', available: true },
  { friendly_name: 'Unavailable', available: false },
  { friendly_name: 'Break', available: false },
] as const

/** The activity that is both the default and the timeout activity of a new workspace. */
export const DEFAULT_ACTIVITY_NAME = 'Offline'

export const defaultChannels = [
  { unique_name: 'default', friendly_name: 'Default' },
  { unique_name: 'voice', friendly_name: 'Voice' },
  { unique_name: 'chat', friendly_name: 'Chat' },
  { unique_name: 'sms', friendly_name: 'SMS' },
  { unique_name: 'video', friendly_name: 'Video' },
] as const

/** Every worker channel starts with capacity 1 (decision 16). */
export const DEFAULT_CHANNEL_CAPACITY = 1

/** `Template=FIFO` extras. */
export const FIFO_TEMPLATE = { queueName: 'Sample Queue', workflowName: 'Default Fifo Workflow' } as const

export const DEFAULT_TARGET_WORKERS = '1==1'
export const DEFAULT_TASK_RESERVATION_TIMEOUT = 120
