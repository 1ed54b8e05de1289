/**
 * The web UI's sign-in link of this run: the browser that opens it trades the token for a
 * session cookie and the address bar drops it. The token is never stored (server/credentials.ts).
 */
export function webUiLoginLink(origin: string, loginToken: string): string {
  return `${origin}/?token=${encodeURIComponent(loginToken)}`
}
