/**
 * Saves `content` as a file through a Blob URL and a temporary link (works in Electron and in
 * a browser; nothing touches the disk API).
 *
 * @example
 * downloadText('events.json', JSON.stringify(events), 'application/json')
 */
export function downloadText(filename: string, content: string, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }))
  const link = document.createElement('a')
  link.href = url
  link.download = filename
  link.style.display = 'none'
  document.body.appendChild(link)
  link.click()
  link.remove()
  // Revoke on the next tick: some browsers start the download asynchronously.
  setTimeout(() => URL.revokeObjectURL(url), 0)
}

/**
 * RFC 4180 CSV: fields with a comma, quote or line break are quoted, quotes doubled. Cells
 * starting with = + - @ get a leading apostrophe so a spreadsheet does not run them as formulas.
 */
export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>): string {
  const cell = (value: string | number | null | undefined): string => {
    let text = value === null || value === undefined ? '' : String(value)
    if (/^[=+\-@]/.test(text)) text = `'${text}`
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
  }
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n'
}
