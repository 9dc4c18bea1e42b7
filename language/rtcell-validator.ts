/**
 * Bridges lowering and structural rules into Langium validation: one check on the document root reports every
 * problem, each with its stable code in `code` and `data.code` (what quick-fixes match on).
 */
import type { ValidationAcceptor, ValidationChecks } from 'langium';
import { AstUtils } from 'langium';
import type { Document, RtcellAstType } from './generated/ast.js';
import type { LoweringCache } from './lowering-cache.js';
import type { RtcellServices } from './rtcell-module.js';

export function registerValidationChecks(services: RtcellServices): void {
    const registry = services.validation.ValidationRegistry;
    const validator = services.validation.RtcellValidator;
    const checks: ValidationChecks<RtcellAstType> = {
        Document: validator.checkDocument.bind(validator),
    };
    registry.register(checks, validator);
}

export class RtcellValidator {
    constructor(private readonly cache: LoweringCache) {}

    checkDocument(doc: Document, accept: ValidationAcceptor): void {
        const uri = AstUtils.getDocument(doc).uri.toString();
        const { problems } = this.cache.get(doc, uri);
        for (const p of problems) {
            const related = p.related?.flatMap((r) => {
                const range = r.node.$cstNode?.range;
                return range ? [{ location: { uri, range }, message: r.message }] : [];
            });
            accept(p.severity, p.message, {
                node: p.node,
                ...(p.property ? { property: p.property as never } : {}),
                ...(p.index !== undefined ? { index: p.index } : {}),
                code: p.code,
                data: { code: p.code },
                ...(related && related.length > 0 ? { relatedInformation: related } : {}),
            });
        }
    }
}
