/**
 * The VS Code webview's HTML for the timeline. The extension passes the webview's `cspSource`, a fresh nonce and
 * the `asWebviewUri` of dist/webview/timeline.js and .css; the trace then arrives in a `trace` message
 * (the page posts `{type:'ready'}` first). No vscode import here: the extension converts URIs to strings.
 */
import { assertCspToken, escapeHtml } from './escape.js';
import { timelineDocument } from './html-template.js';

export interface WebviewHtmlInput {
    /** `webview.cspSource`. */
    cspSource: string;
    nonce: string;
    /** `webview.asWebviewUri(.../dist/webview/timeline.js).toString()`. */
    scriptUri: string;
    /** `webview.asWebviewUri(.../dist/webview/timeline.css).toString()`. */
    styleUri: string;
    title?: string;
}

export function renderWebviewHtml(input: WebviewHtmlInput): string {
    const nonce = assertCspToken(input.nonce, 'nonce');
    // VS Code for the web and code-server give `'self' https://*.vscode-cdn.net`: the one quoted keyword allowed is
    // 'self' (never 'unsafe-inline' or another keyword); everything else must be a plain source token.
    const source = input.cspSource.split(/\s+/).filter(Boolean)
        .map((s) => (s === "'self'" ? s : assertCspToken(s, 'cspSource'))).join(' ');
    return timelineDocument({
        title: input.title ?? 'rtcell timeline',
        csp: `default-src 'none'; img-src ${source} data:; font-src ${source}; style-src ${source} 'nonce-${nonce}'; script-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none'`,
        styles: `<link rel="stylesheet" nonce="${nonce}" href="${escapeHtml(input.styleUri)}">`,
        scripts: `<script nonce="${nonce}" src="${escapeHtml(input.scriptUri)}"></script>`,
    });
}
