import { ref, watch, type Ref } from 'vue'
import type { EChartsOption } from 'echarts'

/** The part of vue-echarts' component instance a manual-update chart uses. */
export interface ManualChart {
  setOption(option: EChartsOption, notMerge?: boolean, lazyUpdate?: boolean): void
}

export interface ManualChartSpec<T> {
  /** What the chart shows; compared by value, so a push that leaves it alone costs nothing. */
  data: () => T
  /** Inputs of the look (dark or light): a change replaces the whole option. */
  theme: () => unknown
  /** The whole option for `data`. */
  full: (data: T) => EChartsOption
  /** What to merge when only the data changed (series data, a label). */
  patch: (data: T) => EChartsOption
}

/**
 * Drives a `<VChart manual-update>` without re-setting its whole option on every push: the full
 * option when the chart is created and when the theme changes; otherwise only `patch(data)`,
 * merged, and only when the data really changed.
 *
 * @example
 * const { chart, initial } = useManualChart({ data: () => props.bars, theme: () => props.dark, full: fullOption, patch: (bars) => ({ series: [{ data: bars }] }) })
 * // <VChart ref="chart" :option="initial" manual-update autoresize />
 */
export function useManualChart<T>(spec: ManualChartSpec<T>): { chart: Ref<ManualChart | null>; initial: EChartsOption } {
  const chart = ref<ManualChart | null>(null)
  let shown = JSON.stringify(spec.data())
  watch(spec.data, (value) => {
    const text = JSON.stringify(value)
    if (text === shown) return
    shown = text
    chart.value?.setOption(spec.patch(value), false, true)
  })
  watch(spec.theme, () => {
    const value = spec.data()
    shown = JSON.stringify(value)
    chart.value?.setOption(spec.full(value), true)
  })
  return { chart, initial: spec.full(spec.data()) }
}
