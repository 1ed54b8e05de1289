import type { EChartsOption } from 'echarts'
import type { SimulationKpis, SimulationResult } from '@contract'

/** Formatting and chart options for simulation results: plain functions, no store, no DOM. */
export function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`
}

export function seconds(value: number | null): string {
  return value === null ? 'unstable' : `${value.toFixed(1)} s`
}

/** The KPI rows the results and the comparison show, in order. */
export const KPI_ROWS: ReadonlyArray<{ key: keyof SimulationKpis; label: string; format: (value: number) => string; better: 'higher' | 'lower' | null; perAnswer?: true }> = [
  { key: 'offered', label: 'Offered', format: (value) => String(value), better: null },
  { key: 'service_level', label: 'Service level', format: percent, better: 'higher' },
  { key: 'asa_seconds', label: 'ASA', format: (value) => seconds(value), better: 'lower', perAnswer: true },
  { key: 'aht_seconds', label: 'AHT', format: (value) => seconds(value), better: 'lower', perAnswer: true },
  { key: 'abandonment_rate', label: 'Abandoned', format: percent, better: 'lower' },
  { key: 'occupancy', label: 'Occupancy', format: percent, better: 'higher' },
]

/** A KPI cell's text: ASA and AHT mean nothing when no task was answered. */
export function kpiText(key: keyof SimulationKpis, kpis: SimulationKpis): string {
  const row = KPI_ROWS.find((candidate) => candidate.key === key)!
  return row.perAnswer && kpis.answered === 0 ? '—' : row.format(kpis[key])
}

/** How a run compares with the baseline on one KPI: 'better', 'worse' or 'same' (within 0.5%, or not comparable). */
export function verdict(key: keyof SimulationKpis, kpis: SimulationKpis, baseline: SimulationKpis): 'better' | 'worse' | 'same' {
  const row = KPI_ROWS.find((candidate) => candidate.key === key)
  if (!row || row.better === null || (row.perAnswer && (kpis.answered === 0 || baseline.answered === 0))) return 'same'
  const value = kpis[key]
  const base = baseline[key]
  if (Math.abs(value - base) <= Math.max(Math.abs(base), 1e-9) * 0.005) return 'same'
  return (value > base) === (row.better === 'higher') ? 'better' : 'worse'
}

/** Runs shown side by side are A and B. */
export function runLetter(index: number): string {
  return String.fromCharCode(65 + index)
}

const PALETTE = ['#5b9cf5', '#e0a030', '#2fbf71', '#a678de']

/** Per hour: offered (bars) and service level / occupancy (lines) of one or two runs. */
export function hourlyChart(results: ReadonlyArray<{ label: string; result: SimulationResult }>, dark: boolean): EChartsOption {
  const text = dark ? '#e8edf2' : '#1f2328'
  const line = dark ? 'rgba(255,255,255,0.12)' : 'rgba(0,0,0,0.1)'
  const longest = results.reduce((best, entry) => (entry.result.hours.length > best.result.hours.length ? entry : best), results[0]!)
  const hours = longest.result.hours.map((hour) => `${String(hour.hour_of_day).padStart(2, '0')}:00`)
  const series: NonNullable<EChartsOption['series']> = []
  results.forEach((entry, index) => {
    const suffix = results.length > 1 ? ` ${runLetter(index)}` : ''
    series.push({ name: `Offered${suffix}`, type: 'bar', yAxisIndex: 1, data: entry.result.hours.map((hour) => hour.offered), itemStyle: { color: PALETTE[index * 2 + 0]!, opacity: 0.35 } })
    series.push({ name: `Service level${suffix}`, type: 'line', smooth: true, data: entry.result.hours.map((hour) => Math.round(hour.service_level * 1000) / 10), itemStyle: { color: PALETTE[index * 2 + 1]! }, lineStyle: { type: index === 0 ? 'solid' : 'dashed' } })
    series.push({ name: `Occupancy${suffix}`, type: 'line', smooth: true, data: entry.result.hours.map((hour) => Math.round(hour.occupancy * 1000) / 10), itemStyle: { color: PALETTE[(index * 2 + 2) % PALETTE.length]! }, lineStyle: { type: index === 0 ? 'solid' : 'dashed' } })
  })
  return {
    animation: false,
    textStyle: { color: text },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, textStyle: { color: text } },
    grid: { left: 48, right: 48, top: 40, bottom: 28 },
    xAxis: { type: 'category', data: hours, axisLabel: { color: text } },
    yAxis: [
      { type: 'value', name: '%', min: 0, max: 100, axisLabel: { color: text }, splitLine: { lineStyle: { color: line } } },
      { type: 'value', name: 'tasks', axisLabel: { color: text }, splitLine: { show: false } },
    ],
    series,
  }
}
