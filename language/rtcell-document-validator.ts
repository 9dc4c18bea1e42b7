/**
 * Langium's document validator with two changes:
 * - a `code` on every diagnostic. Langium puts the kind of a syntax or name error (`lexing-error`, `parsing-error`,
 *   `linking-error`) only in `data.code`, so editors showed those problems without a code while every rtcell rule has
 *   one; the CLI already printed `data.code`. Copying it to `code` makes the Problems panel, `rtcell check` and the
 *   tests agree;
 * - no walk over every node when only the root has checks. rtcell validates on the lowered model (one check on
 *   `Document`), so visiting each attribute and quantity of a thousand tasks, with an await per node, was pure cost on
 *   every keystroke. Should a check be registered on any other type, the full walk comes back by itself;
 * - no linking error for a task's `uses <resource>`: lowering reports an unknown resource with the resources the
 *   task can use and where to declare it (lower-resources.ts), which says more than "could not resolve";
 * - the real cause first: on a line with a syntax error (lexing or parsing), the other diagnostics are the parser's
 *   recovery speaking (a node cut short gives "task 'undefined' needs a 'period'", a number cut in two gives a
 *   misaligned or zero-size region), so they are dropped and the syntax error stands alone.
 */
import {
    Cancellation, DefaultDocumentValidator,
    type AstNode, type AstReflection, type LangiumCoreServices, type LangiumDocument, type ValidateSingleNodeOptions, type ValidationOptions,
} from 'langium';
import type { Diagnostic } from 'vscode-languageserver-types';

export class RtcellDocumentValidator extends DefaultDocumentValidator {
    private readonly reflection: AstReflection;

    constructor(services: LangiumCoreServices) {
        super(services);
        this.reflection = services.shared.AstReflection;
    }

    protected override validateSingleNodeOptions(node: AstNode, options: ValidationOptions): ValidateSingleNodeOptions {
        if (node.$container === undefined && !this.nestedTypesHaveChecks(node.$type, options)) return { validateNode: true, validateChildren: false };
        return super.validateSingleNodeOptions(node, options);
    }

    /** Whether a check applies to any node type other than the root's (checks on supertypes included). */
    private nestedTypesHaveChecks(rootType: string, options: ValidationOptions): boolean {
        return this.reflection.getAllTypes().some((type) => type !== rootType && !this.validationRegistry.getChecks(type, options.categories).isEmpty());
    }

    override async validateDocument(document: LangiumDocument, options?: ValidationOptions, cancelToken = Cancellation.CancellationToken.None): Promise<Diagnostic[]> {
        const diagnostics = await super.validateDocument(document, options, cancelToken);
        for (const d of diagnostics) {
            const kind = (d.data as { code?: unknown } | undefined)?.code;
            if (d.code === undefined && typeof kind === 'string') d.code = kind;
        }
        return realCausesFirst(diagnostics.filter((d) => !isResourceLinkingError(d)));
    }
}

function isResourceLinkingError(d: Diagnostic): boolean {
    const data = d.data as { containerType?: unknown } | undefined;
    return d.code === 'linking-error' && data?.containerType === 'CriticalSectionAttr';
}

const SYNTAX_CODES = new Set(['lexing-error', 'parsing-error']);

/** Drops the diagnostics that share a line with a syntax error (see the class comment). */
function realCausesFirst(diagnostics: Diagnostic[]): Diagnostic[] {
    const syntaxLines = new Set<number>();
    for (const d of diagnostics) if (SYNTAX_CODES.has(String(d.code))) syntaxLines.add(d.range.start.line);
    if (syntaxLines.size === 0) return diagnostics;
    return diagnostics.filter((d) => SYNTAX_CODES.has(String(d.code)) || !syntaxLines.has(d.range.start.line));
}
