/**
 * Formats a contract date (ISO-8601 UTC) in the user's locale and time zone; an unparsable
 * value is shown as given rather than as "Invalid Date".
 *
 * @example
 * formatDateTime('2026-11-21T10:00:00Z') // "21 Nov 2026, 11:00" in en-GB, Europe/Paris
 */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—'
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
}

/** "1 worker", "3 workers". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count.toLocaleString()} ${count === 1 ? singular : pluralForm}`
}

/**
 * A compact duration for counters: "45s", "12m 05s", "3h 04m", "2d 5h". Negative durations
 * (clock skew) show as "0s".
 *
 * @example
 * formatDuration(754_000) // "12m 34s"
 */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000))
  const d = Math.floor(total / 86_400)
  const h = Math.floor((total % 86_400) / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  if (d > 0) return `${d}d ${h}h`
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`
  if (m > 0) return `${m}m ${String(s).padStart(2, '0')}s`
  return `${s}s`
}

/** A time of day with seconds, for event tails: "14:03:27". */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—'
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' })
}
