import { VersionMismatchError } from '../errors'

/**
 * Optimistic concurrency (decision 3): If-Match carries the integer version, quoted or weak
 * (`W/"3"`) as HTTP clients send it; a stale one refuses the change before anything happens.
 */
export function assertVersion(label: string, record: { sid: string; version: number }, ifMatch: string | undefined): void {
  if (ifMatch === undefined) return
  const expected = ifMatch.replace(/^W\//, '').replace(/"/g, '')
  if (expected !== String(record.version)) {
    throw new VersionMismatchError(`${label} ${record.sid} is at version ${record.version}, not ${expected}: it was changed since you read it`, 'if_match', { current_version: record.version })
  }
}
