/** Escaping for the three contexts the templates write user-controlled text into. */

/** Text content and attribute values (either quote style). */
export function escapeHtml(text: string): string {
    return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A double-quoted attribute value; leaves `'` readable (the CSP is full of them). */
export function escapeDoubleQuoted(text: string): string {
    return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * JSON for a `<script type="application/json">` element: escaping every `<` (and `>`, `&`, U+2028/2029) means no
 * `</script>` or `<!--` can appear, whatever the names in the trace contain; JSON.parse restores them unchanged.
 */
export function jsonForScriptElement(value: unknown): string {
    return JSON.stringify(value)
        .replace(/</g, '\\u003c')
        .replace(/>/g, '\\u003e')
        .replace(/&/g, '\\u0026')
        .replace(/\u2028/g, '\\u2028')
        .replace(/\u2029/g, '\\u2029');
}

/**
 * Our own bundled script or stylesheet, inlined in an element: it must not be able to close that element early.
 * (esbuild already escapes `</script` inside string literals; this makes the guarantee local and checked.)
 */
export function inlineElementText(text: string, element: 'script' | 'style'): string {
    return text.replace(new RegExp(`</(${element})`, 'gi'), '<\\/$1');
}

/** A nonce or CSP source we put inside a policy and an attribute: refuse anything that could break out of either. */
export function assertCspToken(value: string, what: string): string {
    if (!/^[A-Za-z0-9+/=_\-.:*]+$/.test(value)) throw new Error(`${what} ${JSON.stringify(value)} contains characters not allowed in a CSP`);
    return value;
}
