/**
 * "Today" for a queue: the last instant at or before `now` when the wall clock in `timeZone`
 * read `resetTime` (HH:MM). Zone math through Intl.DateTimeFormat, no date library. A reset
 * time skipped by a DST jump resolves to the same UTC offset as just before it.
 */

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(timeZone: string): Intl.DateTimeFormat {
  let found = formatters.get(timeZone)
  if (!found) {
    found = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
    formatters.set(timeZone, found)
  }
  return found
}

/** Whether `timeZone` is an IANA zone this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone)
    return true
  } catch {
    return false
  }
}

/** HH:MM, 00:00 to 23:59. */
export function isValidResetTime(text: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(text)
}

interface WallClock {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
}

function wallClock(ms: number, timeZone: string): WallClock {
  const parts: Record<string, number> = {}
  for (const part of formatter(timeZone).formatToParts(new Date(ms))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value)
  }
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour! % 24, minute: parts.minute!, second: parts.second! }
}

/** The zone's offset from UTC at `ms`, in ms (positive east of Greenwich). */
export function zoneOffset(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone)
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second)
  return asUtc - Math.floor(ms / 1000) * 1000
}

/** The UTC instant when the wall clock in `timeZone` reads the given local time. */
function instantOf(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): number {
  const guess = Date.UTC(year, month - 1, day, hour, minute)
  // Two passes settle the offset around DST changes.
  let instant = guess - zoneOffset(guess, timeZone)
  instant = guess - zoneOffset(instant, timeZone)
  return instant
}

/**
 * @example lastReset(Date.UTC(2026, 0, 1, 9), '06:00', 'America/New_York') // 2026-01-01T11:00:00Z
 */
export function lastReset(now: number, resetTime: string, timeZone: string): number {
  const [hour, minute] = resetTime.split(':').map(Number) as [number, number]
  const local = wallClock(now, timeZone)
  let reset = instantOf(local.year, local.month, local.day, hour, minute, timeZone)
  if (reset > now) {
    const yesterday = new Date(Date.UTC(local.year, local.month - 1, local.day - 1))
    reset = instantOf(yesterday.getUTCFullYear(), yesterday.getUTCMonth() + 1, yesterday.getUTCDate(), hour, minute, timeZone)
  }
  return reset
}
