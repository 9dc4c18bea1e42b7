/**
 * `renderHtmlReport`: one self-contained HTML file (no network, no other files) with the analysis summary and the
 * interactive timeline, for `rtcell simulate --html` and `rtcell start`.
 */
import type { Trace } from '../model/trace.js';
import { loadTimelineAssets, type TimelineAssets } from './assets.js';
import { assertCspToken, inlineElementText, jsonForScriptElement } from './escape.js';
import { createNonce, TIMELINE_DATA_ID, timelineDocument } from './html-template.js';
import { packTrace } from './pack-trace.js';
import type { SummaryRow, TimelinePayload } from './protocol.js';
import { validateTrace } from './validate-trace.js';

export interface HtmlReportInput {
    /** Shown as the page title and heading (e.g. the system name and scenario). */
    title: string;
    trace: Trace;
    /** Summary table rows (analysis bound vs observed); omitted or empty: no table. */
    rows?: SummaryRow[];
    /** Item highlighted when the page opens. */
    select?: string;
    /** With `select`: the job of it to zoom to. */
    focusJob?: number;
    /** Fixed nonce (tests, reproducible output); a random one otherwise. */
    nonce?: string;
}

/**
 * Renders the report. `assets` defaults to the built bundle in dist/webview. Throws an Error with a readable
 * message when the trace is malformed or the bundle is missing.
 */
export function renderHtmlReport(input: HtmlReportInput, assets: TimelineAssets = loadTimelineAssets()): string {
    const problems = validateTrace(input.trace);
    if (problems.length > 0) throw new Error(`cannot write the HTML report, the trace is malformed: ${problems.join('; ')}`);
    const nonce = assertCspToken(input.nonce ?? createNonce(), 'nonce');
    const payload: TimelinePayload = { title: input.title, trace: packTrace(input.trace), ...(input.rows?.length ? { rows: input.rows } : {}), ...(input.select ? { select: input.select } : {}), ...(input.select && input.focusJob !== undefined ? { focusJob: input.focusJob } : {}) };
    return timelineDocument({
        title: input.title,
        csp: `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none'`,
        styles: `<style nonce="${nonce}">\n${inlineElementText(assets.style, 'style')}\n</style>`,
        scripts: [
            `<script type="application/json" id="${TIMELINE_DATA_ID}">${jsonForScriptElement(payload)}</script>`,
            `<script nonce="${nonce}">\n${inlineElementText(assets.script, 'script')}\n</script>`,
        ].join('\n'),
    });
}
