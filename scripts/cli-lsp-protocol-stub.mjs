// The CLI bundle's stand-in for 'vscode-languageserver-protocol' (scripts/bundle.mjs aliases it). Langium's document
// builder, the one module the CLI reaches that imports the protocol, uses only these two names; the whole protocol
// (its request and notification types) is language-server code the CLI never runs, and loading it costs start-up time.
export { ResponseError } from 'vscode-jsonrpc/lib/common/messages.js';

// The LSP specification's reserved error codes (3.16+).
export const LSPErrorCodes = Object.freeze({
    lspReservedErrorRangeStart: -32899,
    RequestFailed: -32803,
    ServerCancelled: -32802,
    ContentModified: -32801,
    RequestCancelled: -32800,
    lspReservedErrorRangeEnd: -32800,
});
