/**
 * The system clipboard as text, for the builder's copy and paste. Each call answers null/false
 * instead of throwing when the clipboard cannot be used (no Clipboard API, permission refused,
 * page not focused), so the builder falls back to its in-app clipboard.
 */
export interface TextClipboard {
  /** @returns false when the text could not be written. */
  write(text: string): Promise<boolean>
  /** @returns null when the clipboard cannot be read. */
  read(): Promise<string | null>
}

export const systemClipboard: TextClipboard = {
  async write(text) {
    try {
      await navigator.clipboard.writeText(text)
      return true
    } catch {
      return false
    }
  },
  async read() {
    try {
      return await navigator.clipboard.readText()
    } catch {
      return null
    }
  },
}
