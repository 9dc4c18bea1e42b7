/**
 * The custom requests of protocol.ts. Both answer from the latest consistent state of the document (the last version
 * without errors), after letting a build in progress finish, so a request sent during an edit never sees a
 * half-built document and never waits on a broken one.
 */
import { DocumentState, URI, type LangiumDocument } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import { ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver';
import type { AnalysisResult } from '../simulator/analysis/types.js';
import { SCENARIOS } from '../simulator/engine/types.js';
import type { ConsistentState } from './analysis-service.js';
import {
    ANALYSIS_REQUEST, DEFAULT_SIMULATION_NS, DOCUMENT_UNAVAILABLE, MAX_SIMULATION_NS, SIMULATE_REQUEST, SIMULATION_FAILED,
    type AnalysisParams, type AnalysisResponse, type ItemBound, type SimulateParams, type SimulateResponse,
} from './protocol.js';
import type { RtcellLspServices } from './rtcell-server-module.js';

/** Longest wait for a build in progress before answering from the state at hand. */
const BUILD_WAIT_MS = 2_000;

export class CustomRequests {
    constructor(private readonly shared: LangiumSharedServices, private readonly services: RtcellLspServices) {}

    register(connection: Connection): void {
        connection.onRequest(ANALYSIS_REQUEST, (params: AnalysisParams, token: CancellationToken) => this.analysis(params, token));
        connection.onRequest(SIMULATE_REQUEST, (params: SimulateParams, token: CancellationToken) => this.simulate(params, token));
    }

    async analysis(params: AnalysisParams, token?: CancellationToken): Promise<AnalysisResponse> {
        const uri = requireUri(params);
        const { state, current } = await this.consistentState(uri, token);
        if (!state) {
            return { uri, version: current?.textDocument.version ?? -1, stale: false, analysis: null, reason: current ? 'the document has never been free of errors' : 'the document is not open' };
        }
        return {
            uri, version: state.version, stale: isStale(state, current), analysis: state.analysis ?? null,
            ...(state.analysis ? {} : { reason: 'the analysis failed on this document (see its diagnostics)' }),
        };
    }

    async simulate(params: SimulateParams, token?: CancellationToken): Promise<SimulateResponse> {
        const uri = requireUri(params);
        const durationNs = params.durationNs ?? DEFAULT_SIMULATION_NS;
        if (!Number.isSafeInteger(durationNs) || durationNs <= 0 || durationNs > MAX_SIMULATION_NS) {
            throw new ResponseError(SIMULATION_FAILED, `durationNs must be an integer in 1..${MAX_SIMULATION_NS} ns`);
        }
        const scenario = params.scenario ?? 'synchronous';
        if (!SCENARIOS.includes(scenario)) throw new ResponseError(SIMULATION_FAILED, `unknown scenario '${String(scenario)}': one of ${SCENARIOS.join(', ')}`);
        const seed = params.seed ?? 1;
        if (!Number.isSafeInteger(seed)) throw new ResponseError(SIMULATION_FAILED, 'seed must be an integer');
        const simulate = this.services.server.AnalysisService.simulator;
        if (!simulate) throw new ResponseError(SIMULATION_FAILED, 'this server was started without a simulator');
        const { state, current } = await this.consistentState(uri, token);
        if (!state) throw new ResponseError(DOCUMENT_UNAVAILABLE, current ? 'Fix the errors in the document first: it has never been free of errors' : `${uri} is not open`);
        let result;
        try {
            result = simulate(state.model, { durationNs, seed, scenario, trace: true });
        } catch (error) {
            throw new ResponseError(SIMULATION_FAILED, `Simulation failed: ${error instanceof Error ? error.message : String(error)}`);
        }
        if (!result.trace) throw new ResponseError(SIMULATION_FAILED, 'the simulator returned no trace');
        return {
            uri, version: state.version, stale: isStale(state, current), system: result.system, scenario: result.scenario,
            seed: result.seed, durationNs: result.durationNs, trace: result.trace,
            statistics: { tasks: result.tasks, flows: result.flows, events: result.events, deadlineMisses: result.deadlineMisses, eventsProcessed: result.eventsProcessed },
            bounds: state.analysis ? boundsOf(state.analysis) : [],
        };
    }

    private async consistentState(uri: string, token?: CancellationToken): Promise<{ state?: ConsistentState; current?: LangiumDocument }> {
        const parsed = URI.parse(uri);
        const documents = this.shared.workspace.LangiumDocuments;
        const current = documents.getDocument(parsed);
        if (current && current.state < DocumentState.Validated) {
            let timer: NodeJS.Timeout | undefined;
            const timeout = new Promise<void>((resolve) => { timer = setTimeout(resolve, BUILD_WAIT_MS); });
            await Promise.race([this.shared.workspace.DocumentBuilder.waitUntil(DocumentState.Validated, parsed, token).catch(() => undefined), timeout]);
            clearTimeout(timer);
        }
        const latest = documents.getDocument(parsed);
        // A validated document was analysed during validation; get() makes sure (and is a cache hit otherwise).
        if (latest && latest.state >= DocumentState.Validated) this.services.server.AnalysisService.get(latest);
        const state = this.services.server.AnalysisService.latestConsistent(parsed.toString());
        return { ...(state ? { state } : {}), ...(latest ? { current: latest } : {}) };
    }
}

function requireUri(params: { uri?: unknown } | undefined): string {
    if (!params || typeof params.uri !== 'string' || params.uri.length === 0) throw new ResponseError(DOCUMENT_UNAVAILABLE, 'params.uri (a document URI) is required');
    return params.uri;
}

function isStale(state: ConsistentState, current: LangiumDocument | undefined): boolean {
    return !!current && current.parseResult.value !== state.root;
}

export function boundsOf(analysis: AnalysisResult): ItemBound[] {
    return [...analysis.flows, ...analysis.tasks, ...analysis.events].map((item) => ({
        kind: item.kind, name: item.name, ...(item.kind !== 'flow' && item.owner ? { cell: item.owner } : {}),
        wcrt: item.wcrt ?? null, deadline: item.deadline ?? null, verdict: item.verdict, ...(item.source ? { source: item.source } : {}),
    }));
}
