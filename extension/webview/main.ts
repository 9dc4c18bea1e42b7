/**
 * Entry point of the timeline bundle (dist/webview/timeline.js). The same script runs in the VS Code webview, where
 * the trace arrives in `trace` messages, and in the standalone HTML report, where it is embedded in the page as
 * `<script type="application/json" id="rtcell-timeline-data">` (its trace packed: simulator/report/packed-trace.ts).
 */
import type { HostMessage } from '../../server/protocol.js';
import { READ_PAYLOAD_MEASURE, TIMELINE_DATA_ID, TIMELINE_ROOT_ID } from '../../simulator/report/html-template.js';
import type { TimelinePayload } from '../../simulator/report/protocol.js';
import { connectHost } from './host.js';
import { Timeline } from './timeline.js';
import { installTestHook } from './test-hook.js';

const READ_PAYLOAD_MARK = 'rtcell: embedded payload found';

function start(): void {
    const host = connectHost();
    // The template writes the root element; a page without one gets it here.
    let root = document.getElementById(TIMELINE_ROOT_ID);
    if (!root) {
        root = document.createElement('div');
        root.id = TIMELINE_ROOT_ID;
        document.body.append(root);
    }
    const timeline = new Timeline(root, host);
    installTestHook(timeline, host);

    window.addEventListener('message', (event: MessageEvent) => {
        // In the standalone page only the page itself may drive the timeline; in VS Code messages come from the host.
        if (host.kind === 'standalone' && event.source !== window) return;
        const message = event.data as HostMessage | undefined;
        if (!message || typeof message !== 'object') return;
        if (message.type === 'trace') timeline.setPayload(message);
        else if (message.type === 'select') {
            const item = typeof message.item === 'string' ? message.item : null;
            if (item !== null && Number.isSafeInteger(message.job)) timeline.goToJob(item, message.job!);
            else timeline.selectItemByName(item);
        }
    });

    const embedded = document.getElementById(TIMELINE_DATA_ID);
    if (embedded?.textContent) {
        let payload: TimelinePayload | undefined;
        try {
            // Measured for the benchmark's breakdown of the time to first paint.
            performance.mark(READ_PAYLOAD_MARK);
            payload = JSON.parse(embedded.textContent) as TimelinePayload;
            performance.measure(READ_PAYLOAD_MEASURE, READ_PAYLOAD_MARK);
        } catch (error) {
            timeline.showError(`The report's embedded trace is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
        }
        if (payload) timeline.setPayload(payload);
    } else {
        host.post({ type: 'ready' });
    }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
