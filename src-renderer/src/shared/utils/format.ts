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
  return `${count} ${count === 1 ? singular : pluralForm}`
}
