import { inject, watch } from 'vue'
import { routeLocationKey, routerKey } from 'vue-router'

/**
 * The `?select=<sid>` convention: an area opens the item named in the URL (its drawer or
 * editor) and then drops the parameter, so jumping to the same item again works too. The
 * command palette and the Health panel link with it. Does nothing without a router (a view
 * mounted alone in a test).
 *
 * @example
 * useSelectQuery((sid) => (openSid.value = sid))
 */
export function useSelectQuery(open: (sid: string) => void): void {
  const route = inject(routeLocationKey, null)
  const router = inject(routerKey, null)
  if (!route || !router) return
  watch(
    () => route.query.select,
    (select) => {
      if (typeof select !== 'string' || !select) return
      open(select)
      const { select: _dropped, ...rest } = route.query
      void router.replace({ query: rest })
    },
    { immediate: true },
  )
}
