/**
 * The one HTML document both timeline hosts use: the standalone report (script and styles inlined under a nonce,
 * trace embedded packed, in a JSON data block) and the VS Code webview (script and stylesheet loaded from the
 * extension by URI). Only the CSP and the resource tags differ; they are passed in already built and escaped.
 */
import { escapeDoubleQuoted, escapeHtml } from './escape.js';

/** Id of the element the renderer mounts into (extension/webview/main.ts imports it). */
export const TIMELINE_ROOT_ID = 'rtcell-timeline';
/** Id of the embedded payload element (extension/webview/main.ts imports it). */
export const TIMELINE_DATA_ID = 'rtcell-timeline-data';
/** performance.measure name of the renderer's JSON.parse of the embedded payload (the benchmark reads it). */
export const READ_PAYLOAD_MEASURE = 'rtcell: read embedded payload';

export interface TimelineDocumentParts {
    title: string;
    /** The Content-Security-Policy (the meta tag is written here, escaped). */
    csp: string;
    /** Style element(s) for the head: trusted markup built by the caller. */
    styles: string;
    /** Data and script elements for the end of the body: trusted markup built by the caller. */
    scripts: string;
}

export function timelineDocument(parts: TimelineDocumentParts): string {
    return [
        '<!DOCTYPE html>',
        '<html lang="en">',
        '<head>',
        '<meta charset="utf-8">',
        `<meta http-equiv="Content-Security-Policy" content="${escapeDoubleQuoted(parts.csp)}">`,
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="rtcell">',
        `<title>${escapeHtml(parts.title)}</title>`,
        parts.styles,
        '</head>',
        '<body>',
        `<div id="${TIMELINE_ROOT_ID}"></div>`,
        parts.scripts,
        '</body>',
        '</html>',
        '',
    ].join('\n');
}

/** 128 random bits, base64: a fresh nonce per document (Web Crypto exists in Node 20 and in the extension host). */
export function createNonce(): string {
    const bytes = new Uint8Array(16);
    globalThis.crypto.getRandomValues(bytes);
    let binary = '';
    for (const b of bytes) binary += String.fromCharCode(b);
    return btoa(binary);
}
