export { exportJailhouse, summaryJson, COLORING_OPTIONS, type JailhouseExportOptions } from './export-jailhouse.js';
export type { ColoringOption, JailhousePlan, PlannedCell, PlannedRegion, PlannedIrqchip, MemguardLine, QosSetting, JailhouseMemFlag } from './plan-types.js';
export { colorsToMask, maskToColors, type ColorConvention } from './color-mask.js';
export { coloredOffsetToPhys, physToColoredOffset, coloredSpan, colorOfAddress } from './colored-layout.js';
export { qosRateField, qosRateBandwidth, budgetEvents } from './plan-runtime.js';
