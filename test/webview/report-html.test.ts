import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../simulator/report/report.js';
import { renderWebviewHtml } from '../../simulator/report/webview-html.js';
import { jsonForScriptElement } from '../../simulator/report/escape.js';
import { unpackTrace } from '../../simulator/report/unpack-trace.js';
import { buildSyntheticTrace, HOSTILE_NAME } from './synthetic-trace.js';

// Stand-in bundle: these tests are about the document around it (the browser test uses the real bundle).
const assets = { script: 'window.__ran = "</script><b>";', style: '.tl-root { color: red } </style><b>' };

function report(title = 'sensor-fusion', nonce = 'bm9uY2Utb25l'): string {
    const { trace } = buildSyntheticTrace();
    return renderHtmlReport({
        title, trace, nonce,
        rows: [{ item: HOSTILE_NAME, kind: 'flow', bound: 1000, observedMax: 900, deadline: 2000, verdict: 'ok' }],
    }, assets);
}

describe('standalone HTML report', () => {
    it('has a strict CSP with the nonce on its only script and style', () => {
        const html = report();
        const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
        expect(csp).toBe("default-src 'none'; script-src 'nonce-bm9uY2Utb25l'; style-src 'nonce-bm9uY2Utb25l'; base-uri 'none'; form-action 'none'");
        expect(html.match(/<script nonce="bm9uY2Utb25l">/g)).toHaveLength(1);
        expect(html.match(/<style nonce="bm9uY2Utb25l">/g)).toHaveLength(1);
        // No other executable script, no external resource.
        expect(html.match(/<script(?![^>]*type="application\/json")(?![^>]*nonce=)/g)).toBeNull();
        const markup = html.replace(/<script type="application\/json"[^>]*>[\s\S]*?<\/script>/, '');
        expect(markup).not.toMatch(/\s(src|href)=/);
    });

    it('uses a fresh random nonce when none is given', () => {
        const { trace } = buildSyntheticTrace();
        const a = /'nonce-([^']+)'/.exec(renderHtmlReport({ title: 't', trace }, assets))![1];
        const b = /'nonce-([^']+)'/.exec(renderHtmlReport({ title: 't', trace }, assets))![1];
        expect(a).not.toBe(b);
        expect(Buffer.from(a, 'base64')).toHaveLength(16);
    });

    it('escapes the title and embeds names as JSON that cannot close its script element', () => {
        const html = report(`</title><script>alert(1)</script>`);
        expect(html).toContain('<title>&#60;/title&#62;&#60;script&#62;alert(1)&#60;/script&#62;</title>');
        const data = /<script type="application\/json" id="rtcell-timeline-data">([\s\S]*?)<\/script>/.exec(html)![1];
        expect(data).not.toMatch(/</);
        const payload = JSON.parse(data);
        expect(payload.title).toBe('</title><script>alert(1)</script>');
        expect(payload.trace.items[4].name).toBe(HOSTILE_NAME);
        expect(payload.rows[0].item).toBe(HOSTILE_NAME);
        // The columns travel packed; they come back as they were.
        expect(payload.trace.packing).toBe(1);
        expect(Array.from(unpackTrace(payload.trace).intervals.start)).toEqual(buildSyntheticTrace().trace.intervals.start);
    });

    it('keeps the inlined bundle from closing its own element', () => {
        const html = report();
        expect(html).toContain('window.__ran = "<\\/script><b>";');
        expect(html).toContain('<\\/style><b>');
        expect(html.match(/<\/script>/g)).toHaveLength(2); // the JSON element and the bundle
    });

    it('round-trips line separators and every escaped character', () => {
        const value = { s: '<\u2028\u2029>&</script><!--' };
        expect(JSON.parse(jsonForScriptElement(value))).toEqual(value);
    });

    it('refuses a malformed trace with a readable error instead of writing a broken page', () => {
        const { trace } = buildSyntheticTrace();
        trace.intervals.lane[3] = 99;
        expect(() => renderHtmlReport({ title: 't', trace }, assets)).toThrow(/intervals\[3\]: lane 99 does not exist/);
        expect(() => renderHtmlReport({ title: 't', trace: { format: 'x' } as never }, assets)).toThrow(/format is "x"/);
        const fractionalJob = buildSyntheticTrace().trace;
        fractionalJob.markers.job[1] = 1.5;
        expect(() => renderHtmlReport({ title: 't', trace: fractionalJob }, assets)).toThrow(/markers\[1\]: job 1.5 is not a job number/);
    });

    it('refuses a nonce that could break out of the policy or the attribute', () => {
        const { trace } = buildSyntheticTrace();
        expect(() => renderHtmlReport({ title: 't', trace, nonce: `x' 'unsafe-inline` }, assets)).toThrow(/nonce/);
    });
});

describe('VS Code webview HTML', () => {
    it('loads the bundle by URI under the webview CSP source and a nonce', () => {
        const html = renderWebviewHtml({
            cspSource: 'https://*.vscode-cdn.net', nonce: 'abc123',
            scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/timeline.js?a=1&b=2',
            styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/timeline.css',
            title: 'timeline <x>',
        });
        const csp = /content="([^"]*)"/.exec(html)![1];
        expect(csp).toContain("default-src 'none'");
        expect(csp).toContain("script-src 'nonce-abc123'");
        expect(csp).toContain("style-src https://*.vscode-cdn.net 'nonce-abc123'");
        expect(html).toContain('<script nonce="abc123" src="https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/timeline.js?a=1&#38;b=2"></script>');
        expect(html).toContain('<link rel="stylesheet" nonce="abc123" href="https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/timeline.css">');
        expect(html).toContain('<title>timeline &#60;x&#62;</title>');
        expect(html).not.toContain('rtcell-timeline-data');
        expect(() => renderWebviewHtml({ cspSource: "x; script-src *", nonce: 'n', scriptUri: '', styleUri: '' })).toThrow(/cspSource/);
    });

    it("accepts the 'self' keyword code-server and VS Code for the web put in cspSource, and no other keyword", () => {
        const html = renderWebviewHtml({ cspSource: "'self' https://*.vscode-cdn.net", nonce: 'n1', scriptUri: 'a.js', styleUri: 'a.css' });
        const csp = /content="([^"]*)"/.exec(html)![1];
        expect(csp).toContain("style-src 'self' https://*.vscode-cdn.net 'nonce-n1'");
        expect(csp).toContain("script-src 'nonce-n1'");
        expect(() => renderWebviewHtml({ cspSource: "'unsafe-inline'", nonce: 'n', scriptUri: '', styleUri: '' })).toThrow(/cspSource/);
        expect(() => renderWebviewHtml({ cspSource: "'self' 'unsafe-eval'", nonce: 'n', scriptUri: '', styleUri: '' })).toThrow(/cspSource/);
    });
});
