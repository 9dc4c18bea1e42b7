/** The timeline's HTML for both hosts, and the shapes they exchange. */
export { renderHtmlReport, type HtmlReportInput } from './report.js';
export { renderWebviewHtml, type WebviewHtmlInput } from './webview-html.js';
export { createNonce } from './html-template.js';
export { loadTimelineAssets, readTimelineAssets, type TimelineAssets } from './assets.js';
export { validateTrace } from './validate-trace.js';
export { summaryRows, type ItemBoundInfo } from './summary-rows.js';
export { packTrace, traceForTimeline } from './pack-trace.js';
export { unpackTrace } from './unpack-trace.js';
export type { PackedTrace } from './packed-trace.js';
export type { SummaryRow, TimelinePayload, TraceView } from './protocol.js';
