/**
 * The only host globals the pure engine may touch, present in every JS runtime we ship to
 * (Node, Electron, browsers). Declared here because tsconfig.pure.json loads no DOM or Node
 * types: anything else (fs, window, process) stays a compile error. Only clock.ts (the real
 * scheduler) and ids.ts (random SIDs) use them.
 */
declare function setTimeout(callback: () => void, ms?: number): unknown
declare function clearTimeout(handle: unknown): void
declare const crypto: { getRandomValues<T extends Uint8Array>(array: T): T }
