/**
 * The timeline's host: VS Code (messages go to the extension through acquireVsCodeApi, view state survives a
 * reload via setState) or the standalone report page (no host: a reveal highlights the item and is announced as a
 * DOM event so a page embedding the report could listen).
 */
import type { TimelineMessage } from '../../server/protocol.js';

interface VsCodeApi {
    postMessage(message: unknown): void;
    getState(): unknown;
    setState(state: unknown): void;
}

declare global {
    interface Window {
        acquireVsCodeApi?: () => VsCodeApi;
    }
}

export interface TimelineHost {
    readonly kind: 'vscode' | 'standalone';
    post(message: TimelineMessage): void;
    getState(): unknown;
    setState(state: unknown): void;
    /** Every message posted so far (the test hook reads it; a session posts only a handful). */
    readonly posted: readonly TimelineMessage[];
}

/** Name of the DOM event the standalone page dispatches on `window` for each message it would have posted. */
export const STANDALONE_MESSAGE_EVENT = 'rtcell-timeline-message';

export function connectHost(): TimelineHost {
    const posted: TimelineMessage[] = [];
    // acquireVsCodeApi may be called only once per webview; it exists only inside VS Code.
    const vscode = typeof window.acquireVsCodeApi === 'function' ? window.acquireVsCodeApi() : undefined;
    if (vscode) {
        return {
            kind: 'vscode',
            posted,
            post(message) {
                posted.push(message);
                vscode.postMessage(message);
            },
            getState: () => vscode.getState(),
            setState: (state) => vscode.setState(state),
        };
    }
    let state: unknown;
    return {
        kind: 'standalone',
        posted,
        post(message) {
            posted.push(message);
            window.dispatchEvent(new CustomEvent(STANDALONE_MESSAGE_EVENT, { detail: message }));
        },
        getState: () => state,
        setState: (next) => { state = next; },
    };
}
