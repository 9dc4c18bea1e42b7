/**
 * Langium's document validator, with a `code` on every diagnostic. Langium puts the kind of a syntax or name error
 * (`lexing-error`, `parsing-error`, `linking-error`) only in `data.code`, so editors showed those problems without a
 * code while every rtcell rule has one; the CLI already printed `data.code`. Copying it to `code` makes the Problems
 * panel, `rtcell check` and the tests agree.
 */
import { Cancellation, DefaultDocumentValidator, type LangiumDocument, type ValidationOptions } from 'langium';
import type { Diagnostic } from 'vscode-languageserver-types';

export class RtcellDocumentValidator extends DefaultDocumentValidator {
    override async validateDocument(document: LangiumDocument, options?: ValidationOptions, cancelToken = Cancellation.CancellationToken.None): Promise<Diagnostic[]> {
        const diagnostics = await super.validateDocument(document, options, cancelToken);
        for (const d of diagnostics) {
            const kind = (d.data as { code?: unknown } | undefined)?.code;
            if (d.code === undefined && typeof kind === 'string') d.code = kind;
        }
        return diagnostics;
    }
}
