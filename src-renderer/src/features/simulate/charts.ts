import { use } from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { BarChart, LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'

// The Simulate area's ECharts modules, registered once (tree-shaken: only these ship).
use([CanvasRenderer, LineChart, BarChart, GridComponent, LegendComponent, TooltipComponent])
