export { exportJailhouse, summaryJson, COLORING_OPTIONS, type JailhouseExportOptions } from './export-jailhouse.js';
export type { ColoringOption, JailhousePlan, PlannedCell, PlannedRegion, PlannedIrqchip, PlannedStreamId, ChannelPlan, MemguardLine, QosSetting, JailhouseMemFlag } from './plan-types.js';
export { reservedMemory, type ReservedRange } from './reserved-memory.js';
export { colorsToMask, maskToColors, type ColorConvention } from './color-mask.js';
export { coloredOffsetToPhys, physToColoredOffset, coloredSpan, colorOfAddress } from './colored-layout.js';
export { qosRateField, qosRateBandwidth, budgetEvents } from './plan-runtime.js';
