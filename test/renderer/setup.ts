import { afterAll, afterEach } from 'vitest'
import { disableAutoUnmount, enableAutoUnmount } from '@vue/test-utils'

/*
 * Every component a test mounts is unmounted after it. Test files share module state in the
 * `dom` project (isolate: false), so a page left mounted would keep its subscriptions (the live
 * statistics listener, pushes) alive on a transport the next file has replaced. test-utils is
 * shared too, hence the disable at the end of each file: the next file's setup enables it again.
 */
enableAutoUnmount(afterEach)
afterAll(() => disableAutoUnmount())
