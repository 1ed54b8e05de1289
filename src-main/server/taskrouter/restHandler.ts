import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Dispatch } from '../../api/dispatch'
import { apiError, ErrorCode, type ApiError } from '../../contract/errors'
import { BodyTooLargeError, readBody, sendJson } from '../http'
import { parseOrdering, sortByOrdering, type OrderingKey } from './ordering'
import { ParamError, parseInteger, pascalToSnake, snakeToPascal, toContractInput } from './params'
import type { PresentContext } from './present'
import { restRoutes, type RestRoute } from './routes'

const PAGE_SIZE_DEFAULT = 50
const PAGE_SIZE_MAX = 1000

interface CompiledRoute {
  route: RestRoute
  segments: string[]
}

const compiled: CompiledRoute[] = restRoutes.map((route) => ({ route, segments: route.pattern.split('/').filter(Boolean) }))
/** Routes by their number of path segments, in table order (the first match wins). */
const bySegmentCount = new Map<number, CompiledRoute[]>()
for (const entry of compiled) {
  const list = bySegmentCount.get(entry.segments.length) ?? []
  list.push(entry)
  bySegmentCount.set(entry.segments.length, list)
}

/**
 * The TaskRouter v1 REST surface. It only translates: PascalCase parameters in, a contract
 * call through `dispatch`, snake_case TaskRouter JSON out. No business rule lives here.
 */
export async function handleRest(request: IncomingMessage, response: ServerResponse, url: URL, dispatch: Dispatch, ctx: PresentContext): Promise<void> {
  const method = request.method ?? 'GET'
  const found = resolveRoute(method, url.pathname)
  if (!found.route) {
    const below = url.pathname.replace(/^\/v1/, '')
    if (found.pathMatched) return sendError(response, { ...apiError(ErrorCode.MethodNotAllowed, `Method ${method} is not allowed on ${below}`), status: 405 })
    return sendError(response, apiError(ErrorCode.NotFound, `The requested resource ${below} was not found`))
  }
  const { route, pathParams } = found

  let source: URLSearchParams
  let jsonInput: Record<string, unknown> | undefined
  try {
    if (method === 'POST' && route.jsonBody) {
      const body = await readBody(request)
      let parsed: unknown
      try {
        parsed = body ? JSON.parse(body) : {}
      } catch {
        return sendError(response, apiError(ErrorCode.InvalidRequest, 'The body must be a JSON object'))
      }
      jsonInput = route.jsonBody(parsed)
      source = new URLSearchParams()
    } else if (method === 'POST') {
      const type = request.headers['content-type'] ?? ''
      const body = await readBody(request)
      if (body && !type.startsWith('application/x-www-form-urlencoded')) {
        return sendError(response, apiError(ErrorCode.InvalidRequest, 'POST bodies must be application/x-www-form-urlencoded'))
      }
      source = new URLSearchParams(body)
    } else {
      source = url.searchParams
    }
  } catch (error) {
    if (error instanceof BodyTooLargeError) return sendError(response, { ...apiError(ErrorCode.InvalidRequest, error.message), status: 413 })
    throw error
  }

  let input: Record<string, unknown>
  let ordering: OrderingKey[] | undefined
  try {
    const orderingText = route.ordering ? url.searchParams.get('Ordering') : null
    if (orderingText !== null && route.ordering) ordering = parseOrdering(orderingText, route.ordering)
    input = toContractInput(source, route.params, route.defaults)
    if (jsonInput) Object.assign(input, jsonInput)
    Object.assign(input, route.path(pathParams))
    if (route.adapt) input = route.adapt(input)
  } catch (error) {
    if (error instanceof ParamError) return sendError(response, apiError(ErrorCode.InvalidRequest, error.message, { param: error.param }))
    throw error
  }
  const ifMatch = request.headers['if-match']
  if (route.versioned && ifMatch && (route.method === 'POST' || route.method === 'DELETE') && !route.listKey && route.status !== 201) {
    input.if_match = ifMatch
  }

  const result = await dispatch(route.contract, input)
  if (!result.ok) return sendError(response, restError(result.error, route))
  if (route.status === 204) {
    response.writeHead(204)
    response.end()
    return
  }
  if (route.listKey) {
    const items = result.data as Record<string, unknown>[]
    return sendPage(response, url, route, ordering ? sortByOrdering(items, ordering) : items, ctx)
  }
  const data = result.data as Record<string, unknown>
  const headers: Record<string, string> = route.versioned && typeof data.version === 'number' ? { ETag: `"${data.version}"` } : {}
  sendJson(response, route.status, route.present(ctx, data as never), headers)
}

type Resolved = { route: RestRoute; pathParams: Record<string, string> } | { route?: undefined; pathMatched: boolean }

/** The first route (in table order) whose pattern and method match; `pathMatched` tells a 405 from a 404. */
function resolveRoute(method: string, pathname: string): Resolved {
  const parts = pathname.split('/')
  // pathname starts with '/': parts[0] is empty; empty segments (`//`) never match a route.
  parts.shift()
  if (parts[parts.length - 1] === '') parts.pop()
  for (let index = 0; index < parts.length; index += 1) {
    const part = parts[index]!
    if (part.includes('%')) {
      try {
        parts[index] = decodeURIComponent(part)
      } catch {
        return { pathMatched: false }
      }
    }
  }
  let pathMatched = false
  for (const candidate of bySegmentCount.get(parts.length) ?? []) {
    if (!matches(candidate.segments, parts)) continue
    pathMatched = true
    if (candidate.route.method === method) return { route: candidate.route, pathParams: pathParamsOf(candidate.segments, parts) }
  }
  return { pathMatched }
}

/** `parts` are already percent-decoded; a parameter segment is 1 to 64 characters. */
function matches(pattern: string[], parts: string[]): boolean {
  for (let index = 0; index < pattern.length; index += 1) {
    const expected = pattern[index]!
    const actual = parts[index]!
    if (expected.charCodeAt(0) === COLON) {
      if (actual.length === 0 || actual.length > 64) return false
    } else if (expected !== actual) {
      return false
    }
  }
  return true
}

const COLON = 58

function pathParamsOf(pattern: string[], parts: string[]): Record<string, string> {
  const params: Record<string, string> = {}
  for (let index = 0; index < pattern.length; index += 1) {
    if (pattern[index]!.charCodeAt(0) === COLON) params[pattern[index]!.slice(1)] = parts[index]!
  }
  return params
}

/**
 * Paging per REFERENCE §2.3: items in creation order (as the engine lists them); `PageToken` (`PA<sid of the last item
 * of the previous page>`) or `Page` selects where to start; `meta` URLs are absolute.
 */
function sendPage(response: ServerResponse, url: URL, route: RestRoute, items: Record<string, unknown>[], ctx: PresentContext): void {
  let pageSize = PAGE_SIZE_DEFAULT
  let page = 0
  try {
    const sizeText = url.searchParams.get('PageSize')
    if (sizeText !== null) pageSize = parseInteger(sizeText, 'PageSize')
    const pageText = url.searchParams.get('Page')
    if (pageText !== null) page = parseInteger(pageText, 'Page')
  } catch (error) {
    return sendError(response, apiError(ErrorCode.InvalidRequest, (error as Error).message, { param: (error as ParamError).param }))
  }
  if (pageSize < 1 || pageSize > PAGE_SIZE_MAX) return sendError(response, apiError(ErrorCode.InvalidRequest, `PageSize must be between 1 and ${PAGE_SIZE_MAX}`, { param: 'PageSize' }))
  if (page < 0) return sendError(response, apiError(ErrorCode.InvalidRequest, 'Page must be 0 or more', { param: 'Page' }))

  // The engine lists in creation order (and the store reloads rows in insertion order).
  const sorted = items
  let start = page * pageSize
  const token = url.searchParams.get('PageToken')
  if (token) {
    if (!/^PA[A-Za-z]{2}[0-9a-fA-F]{32}$/.test(token)) return sendError(response, apiError(ErrorCode.InvalidRequest, 'PageToken is not a token this server issued', { param: 'PageToken' }))
    const after = sorted.findIndex((item) => itemKey(item) === token.slice(2))
    if (after >= 0) start = after + 1
  }
  const slice = sorted.slice(start, start + pageSize)
  const hasNext = start + pageSize < sorted.length
  const pageUrl = (pageNumber: number, pageToken?: string): string => {
    const next = new URL(url.pathname, ctx.baseUrl)
    for (const [key, value] of url.searchParams) if (key !== 'Page' && key !== 'PageSize' && key !== 'PageToken') next.searchParams.append(key, value)
    next.searchParams.set('PageSize', String(pageSize))
    next.searchParams.set('Page', String(pageNumber))
    if (pageToken) next.searchParams.set('PageToken', pageToken)
    return next.href
  }
  const last = slice[slice.length - 1]
  const key = route.listKey!
  sendJson(response, 200, {
    [key]: slice.map((item) => route.present(ctx, item as never)),
    meta: {
      page,
      page_size: pageSize,
      first_page_url: pageUrl(0),
      previous_page_url: page > 0 ? pageUrl(page - 1) : null,
      next_page_url: hasNext && last ? pageUrl(page + 1, `PA${itemKey(last)}`) : null,
      url: pageUrl(page, token ?? undefined),
      key,
    },
  })
}

/** What a page token points at: the item's SID (statistics items have only their queue's). */
function itemKey(item: Record<string, unknown>): string {
  return String(item.sid ?? item.task_queue_sid)
}

/** REST error body: TaskRouter's legacy shape, parameter names in PascalCase (the failing one and any other the route declares). */
function restError(error: ApiError, route: RestRoute): ApiError {
  let message = error.message
  if (error.param && message.startsWith(error.param)) message = snakeToPascal(error.param) + message.slice(error.param.length)
  for (const name of Object.keys(route.params)) {
    const snake = pascalToSnake(name)
    if (snake.includes('_')) message = message.replace(new RegExp(`\\b${snake}\\b`, 'g'), name)
  }
  return { ...error, message, ...(error.param ? { param: snakeToPascal(error.param) } : {}) }
}

export function sendError(response: ServerResponse, error: ApiError, headers: Record<string, string> = {}): void {
  sendJson(response, error.status, { code: error.code, message: error.message, more_info: `https://www.twilio.com/docs/errors/${error.code}`, status: error.status }, headers)
}
