/**
 * Runs the schedulability analysis once per parsed document (a new AST per version, so the root is the cache key,
 * as in LoweringCache) and remembers the latest consistent state of every URI for the custom requests.
 *
 * Two depths: the verdicts and bounds run during validation (see analysis-diagnostics.ts) and feed diagnostics, hover,
 * inlay hints and lenses; the fix searches and guest interfaces (tens to hundreds of times the cost) run only when a
 * quick-fix or a VCPU hover asks for them, once per version too. Readers that find a cache empty (a request raced the
 * build) compute it once, here, and later readers share it.
 */
import type { LangiumDocument } from 'langium';
import { AnalysisReuse } from '../simulator/analysis/analysis-reuse.js';
import type { AnalysisResult } from '../simulator/analysis/types.js';
import type { SystemModel } from '../simulator/model/types.js';
import type { Document } from '../language/generated/ast.js';
import type { CheckedModel, LoweringCache } from '../language/lowering-cache.js';
import type { AnalysisEngine } from './analysis-engine.js';
import { AnalysisMemo, modelFingerprint } from './analysis-memo.js';

export interface DocumentAnalysis {
    checked: CheckedModel;
    /** Why the model is not analysed (syntax, linking or structural errors), or undefined when it was. */
    blockedBy?: string;
    analysis?: AnalysisResult;
    /** The analysis threw: its message (a bug, reported as a diagnostic rather than lost). */
    failure?: string;
}

/** A successfully analysed version of a document. */
export interface ConsistentState {
    uri: string;
    version: number;
    root: Document;
    model: SystemModel;
    analysis?: AnalysisResult;
}

export class AnalysisService {
    private readonly cache = new WeakMap<Document, DocumentAnalysis>();
    private readonly deep = new WeakMap<Document, AnalysisResult | null>();
    private readonly latest = new Map<string, ConsistentState>();
    /** Results of the previous version, reused when an edit left the model unchanged (see analysis-memo.ts). */
    private readonly memo = new AnalysisMemo();
    private readonly fingerprints = new WeakMap<SystemModel, string>();
    /** Per document: the previous flow and per-core task results, for edits that leave them unchanged (AnalysisReuse). */
    private readonly reuse = new Map<string, AnalysisReuse>();

    constructor(private readonly lowering: LoweringCache, private readonly engine: AnalysisEngine) {}

    get simulator(): AnalysisEngine['simulate'] {
        return this.engine.simulate?.bind(this.engine);
    }

    /** The analysis of this version of the document, computed on first use. Never throws. */
    get(document: LangiumDocument): DocumentAnalysis {
        const root = document.parseResult.value as Document;
        let entry = this.cache.get(root);
        if (!entry) {
            entry = this.compute(document, root);
            this.cache.set(root, entry);
            this.remember(document, root, entry);
        }
        return entry;
    }

    /**
     * The analysis with fixes and guest interfaces for this version, computed on first use; undefined when the
     * document is not analysable or the analysis fails.
     */
    getWithFixes(document: LangiumDocument): AnalysisResult | undefined {
        const root = document.parseResult.value as Document;
        if (!this.deep.has(root)) {
            const entry = this.get(document);
            let result: AnalysisResult | null = null;
            if (entry.analysis) {
                try {
                    result = this.analyzeMemoized(`${document.uri.toString()}#deep`, entry.checked.model, true);
                } catch {
                    result = null; // the quick analysis already reported the failure as a diagnostic
                }
            }
            this.deep.set(root, result);
        }
        return this.deep.get(root) ?? undefined;
    }

    latestConsistent(uri: string): ConsistentState | undefined {
        return this.latest.get(uri);
    }

    forget(uri: string): void {
        this.latest.delete(uri);
        this.memo.forget(uri);
        this.memo.forget(`${uri}#deep`);
        this.reuse.delete(uri);
    }

    /** The model's position-free fingerprint (cached per model object): equal fingerprints simulate the same. */
    fingerprintOf(model: SystemModel): string {
        let fingerprint = this.fingerprints.get(model);
        if (fingerprint === undefined) {
            fingerprint = modelFingerprint(model);
            this.fingerprints.set(model, fingerprint);
        }
        return fingerprint;
    }

    /** The engine's analysis, or the previous version's when the model only moved (AnalysisMemo). */
    private analyzeMemoized(key: string, model: SystemModel, deep: boolean): AnalysisResult {
        const fingerprint = this.fingerprintOf(model);
        const reused = this.memo.reuse(key, model, fingerprint);
        if (reused) return reused;
        let reuse: AnalysisReuse | undefined;
        if (!deep) {
            reuse = this.reuse.get(key) ?? new AnalysisReuse();
            this.reuse.set(key, reuse);
        }
        const result = this.engine.analyze(model, { fixes: deep, interfaces: deep, ...(reuse ? { reuse } : {}) });
        this.memo.store(key, model, fingerprint, result);
        return result;
    }

    private compute(document: LangiumDocument, root: Document): DocumentAnalysis {
        const uri = document.uri.toString();
        const checked = this.lowering.get(root, uri);
        const blockedBy = blockingReason(document, checked);
        if (blockedBy) return { checked, blockedBy };
        try {
            return { checked, analysis: this.analyzeMemoized(uri, checked.model, false) };
        } catch (error) {
            return { checked, failure: error instanceof Error ? error.message : String(error) };
        }
    }

    private remember(document: LangiumDocument, root: Document, entry: DocumentAnalysis): void {
        if (entry.blockedBy) return;
        const uri = document.uri.toString();
        const version = document.textDocument.version;
        const previous = this.latest.get(uri);
        // An older version finishing late must not replace a newer consistent state.
        if (previous && previous.version > version) return;
        this.latest.set(uri, { uri, version, root, model: entry.checked.model, ...(entry.analysis ? { analysis: entry.analysis } : {}) });
    }
}

/** Syntax, linking or structural errors make the model a best-effort guess: the analysis must not judge it. */
export function blockingReason(document: LangiumDocument, checked: CheckedModel): string | undefined {
    const { lexerErrors, parserErrors } = document.parseResult;
    if (lexerErrors.length > 0 || parserErrors.length > 0) return 'the document has syntax errors';
    if (document.references.some((r) => r.error !== undefined)) return 'the document has unresolved names';
    if (checked.hasErrors) return 'the document has errors';
    return undefined;
}
