import twilio from 'twilio'
import type RequestClient from 'twilio/lib/base/RequestClient'
import { credentials } from '../helpers'

/**
 * The official `twilio` SDK pointed at a local Routedesk (TOOLCHAIN.md §7): a RequestClient
 * subclass that keeps the path and query and swaps https://taskrouter.twilio.com for our origin.
 * Paging URLs (meta.next_page_url) go through the same rewrite.
 */
export class LocalRequestClient extends twilio.RequestClient {
  readonly seen: string[] = []

  constructor(private readonly baseUrl: string, opts?: RequestClient.RequestClientOptions) {
    super(opts)
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const url = new URL(opts.uri)
    const local = new URL(url.pathname + url.search, this.baseUrl).href
    this.seen.push(`${opts.method.toUpperCase()} ${url.pathname}${url.search}`)
    return super.request({ ...opts, uri: local })
  }
}

export type Twilio = ReturnType<typeof twilio>

export function sdkClient(origin: string, auth: { username?: string; password?: string; accountSid?: string } = {}): { client: Twilio; http: LocalRequestClient } {
  const http = new LocalRequestClient(origin)
  const client = twilio(auth.username ?? credentials.accountSid, auth.password ?? credentials.authToken, { httpClient: http, ...(auth.accountSid ? { accountSid: auth.accountSid } : {}) })
  return { client, http }
}

/** Runs `call` and returns the RestException it throws (fails the test when it resolves). */
export async function restError(call: () => Promise<unknown>): Promise<{ status: number; code: number; message: string; moreInfo: string; name: string; constructor: unknown }> {
  try {
    await call()
  } catch (error) {
    return error as never
  }
  throw new Error('expected a RestException, the call succeeded')
}

export const RestException = twilio.RestException
