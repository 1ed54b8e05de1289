import { use } from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { BarChart, LineChart, PieChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'

// The wallboard's ECharts modules, registered once (tree-shaken: only these ship).
use([CanvasRenderer, LineChart, PieChart, BarChart, GridComponent, LegendComponent, TooltipComponent])

/** Text and line colours for charts on the board's dark or light background. */
export function chartInk(dark: boolean): { text: string; muted: string; line: string } {
  return dark ? { text: '#e8edf2', muted: '#9aa7b4', line: 'rgba(255,255,255,0.12)' } : { text: '#1f2328', muted: '#5f6368', line: 'rgba(0,0,0,0.1)' }
}

export const SERIES_COLORS = { available: '#2fbf71', waiting: '#e0a030' }
export const STATUS_COLORS: Record<string, string> = { pending: '#e0a030', reserved: '#5b9cf5', assigned: '#2fbf71', wrapping: '#a678de' }
