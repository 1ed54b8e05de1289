import { createHmac } from 'node:crypto'

/**
 * `X-Twilio-Signature` (decision 14): base64 HMAC-SHA1, keyed by the Auth Token, of the full URL
 * followed by every POST parameter as name + value, names sorted. This is what
 * `twilio.validateRequest(authToken, signature, url, params)` recomputes.
 */
export function twilioSignature(authToken: string, url: string, params: Readonly<Record<string, string>>): string {
  let data = url
  for (const key of Object.keys(params).sort()) data += key + params[key]
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf-8')).digest('base64')
}
