/**
 * `workspace/executeCommand` for the code lens commands (COMMANDS in protocol.ts), so Analyze, Simulate and Show
 * timeline work in any LSP client, not only with the VS Code extension. Each acts on its lens's own item and answers a
 * `CommandResult`; a client that does not implement the commands itself also gets the report as `window/showMessage`,
 * and Show timeline writes the standalone HTML report and asks the client to open it (`window/showDocument`, when the
 * client supports it; the message names the file either way).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { URI } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import { SCENARIOS, type Scenario } from '../simulator/engine/types.js';
import { MessageType, ResponseError, ShowMessageNotification, type CancellationToken, type InitializeParams } from 'vscode-languageserver';
import { renderHtmlReport } from '../simulator/report/report.js';
import { analysisReport, lensTarget, simulationReport, summaryRowsOf, type LensTarget } from './command-reports.js';
import type { CustomRequests } from './custom-requests.js';
import {
    ANALYSIS_CODES, COMMANDS, DEFAULT_SIMULATION_NS, DOCUMENT_UNAVAILABLE, SAVE_REPRODUCTION_COMMAND, SIMULATION_FAILED, type AnalysisDiagnosticData,
    type CommandResult, type ReproductionFile, type RtcellInitializationOptions, type SimulateResponse, type TimelineFocus,
} from './protocol.js';

/** The run a lens asks for: the adversarial scenario (the one built to come close to the bounds), seed 1, 1 s. */
const LENS_RUN = { durationNs: DEFAULT_SIMULATION_NS, seed: 1, scenario: 'adversarial' } as const;

export class RtcellCommandHandler {
    /** The client implements COMMANDS itself: do not advertise them, do not show messages (it shows the result). */
    private clientCommands = false;
    private canShowDocument = false;

    constructor(private readonly shared: LangiumSharedServices, private readonly requests: () => CustomRequests) {}

    /** Read by Langium when it builds the initialize result (after `configure`). */
    get commands(): string[] {
        return this.clientCommands ? [SAVE_REPRODUCTION_COMMAND] : [...Object.values(COMMANDS), SAVE_REPRODUCTION_COMMAND];
    }

    configure(params: InitializeParams): void {
        this.clientCommands = (params.initializationOptions as RtcellInitializationOptions | undefined)?.clientCommands === true;
        this.canShowDocument = params.capabilities.window?.showDocument?.support === true;
    }

    async executeCommand(name: string, args: unknown[], token?: CancellationToken): Promise<CommandResult | undefined> {
        const uri = args[0];
        if (typeof uri !== 'string' || uri.length === 0) throw new ResponseError(DOCUMENT_UNAVAILABLE, `${name}: the first argument must be the document URI`);
        const target = lensTarget(args);
        let result: CommandResult;
        if (name === COMMANDS.analyze) result = await this.analyze(uri, target, token);
        else if (name === COMMANDS.simulate) result = simulationReport(await this.simulate(uri, token), target);
        else if (name === COMMANDS.showTimeline) result = await this.showTimeline(uri, target, focusOf(args[3]), token);
        else if (name === SAVE_REPRODUCTION_COMMAND) result = this.saveReproduction(uri, args[1]);
        else return undefined;
        // A notification (window/showMessage): the connection's showInformationMessage is a request with actions, which
        // some clients answer with a menu. A saved reproduction is announced to every client (none implements it).
        if (!this.clientCommands || name === SAVE_REPRODUCTION_COMMAND) void this.shared.lsp.Connection?.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message: result.text.trimEnd() });
        return result;
    }

    private async analyze(uri: string, target: LensTarget, token?: CancellationToken): Promise<CommandResult> {
        const response = await this.requests().analysis({ uri }, token);
        if (!response.analysis) {
            const title = `No analysis: ${response.reason ?? 'the document has errors'}`;
            return { title, text: `${title}\n` };
        }
        const report = analysisReport(response.analysis, target);
        return response.stale ? { title: `${report.title} (last valid version)`, text: report.text.replace('\n', ' (last valid version)\n') } : report;
    }

    /**
     * Writes the document text and the run that disagreed with the analysis next to the document (a file URI), else
     * in the temporary folder: `NAME.repro-ITEM-SCENARIO-SEED.json`.
     */
    private saveReproduction(uri: string, value: unknown): CommandResult {
        const data = value as AnalysisDiagnosticData | undefined;
        const observed = data?.observed;
        if (!data || data.code !== ANALYSIS_CODES.simulationExceedsBound || !observed || typeof data.name !== 'string' || typeof data.wcrt !== 'number'
            || (data.kind !== 'flow' && data.kind !== 'task' && data.kind !== 'event')) {
            throw new ResponseError(SIMULATION_FAILED, `${SAVE_REPRODUCTION_COMMAND}: the second argument must be the data of a '${ANALYSIS_CODES.simulationExceedsBound}' diagnostic`);
        }
        const document = this.shared.workspace.LangiumDocuments.getDocument(URI.parse(uri));
        if (!document) throw new ResponseError(DOCUMENT_UNAVAILABLE, `${uri} is not open`);
        const file: ReproductionFile = {
            format: 'rtcell-reproduction', version: 1, text: document.textDocument.getText(), uri,
            item: { kind: data.kind, name: data.name, ...(data.kind !== 'flow' && data.owner !== undefined ? { cell: data.owner } : {}) },
            run: { scenario: observed.scenario, seed: observed.seed, durationNs: observed.durationNs, job: observed.job },
            observedNs: observed.max, boundNs: data.wcrt,
        };
        const parsed = URI.parse(uri);
        const safe = (text: string) => text.replace(/[^A-Za-z0-9._-]/g, '_');
        const name = `${safe(parsed.path.split('/').pop()?.replace(/\.rtcell$/, '') || 'document')}.repro-${safe(data.kind !== 'flow' && data.owner ? `${data.owner}.${data.name}` : data.name)}-${observed.scenario}-${observed.seed}.json`;
        const folder = parsed.scheme === 'file' ? dirname(parsed.fsPath) : join(tmpdir(), `rtcell-timeline-${process.getuid?.() ?? 'user'}`);
        let path = join(folder, name);
        try {
            mkdirSync(folder, { recursive: true });
            writeFileSync(path, JSON.stringify(file, null, 2) + '\n');
        } catch {
            // A read-only folder next to the document: the temporary folder instead.
            path = join(tmpdir(), name);
            writeFileSync(path, JSON.stringify(file, null, 2) + '\n');
        }
        const title = `Reproduction saved to ${path}: replay it with rtcell simulate --scenario ${observed.scenario} --seed ${observed.seed}`;
        return { title, text: `${title}\n`, reportFile: path };
    }

    private simulate(uri: string, token?: CancellationToken, focus?: TimelineFocus): Promise<SimulateResponse> {
        const run = focus ? { durationNs: focus.durationNs, seed: focus.seed, scenario: focus.scenario } : LENS_RUN;
        return this.requests().simulate({ uri, ...run }, token);
    }

    private async showTimeline(uri: string, target: LensTarget, focus: TimelineFocus | undefined, token?: CancellationToken): Promise<CommandResult> {
        const response = await this.simulate(uri, token, focus);
        const select = focus?.item ?? (target.kind === 'flow' && target.item ? target.item : undefined);
        const html = renderHtmlReport({
            title: `${response.system} · ${response.scenario} · seed ${response.seed}${response.stale ? ' (last valid version)' : ''}`,
            trace: response.trace,
            rows: summaryRowsOf(response),
            ...(select ? { select } : {}),
            ...(focus ? { focusJob: focus.job } : {}),
        });
        const file = reportPath(uri);
        mkdirSync(join(file, '..'), { recursive: true });
        writeFileSync(file, html);
        const title = `Timeline of ${response.system} written to ${file}`;
        if (this.canShowDocument && !this.clientCommands) {
            void this.shared.lsp.Connection?.window.showDocument({ uri: pathToFileURL(file).toString(), external: true }).catch(() => undefined);
        }
        return { title, text: `${title}\n`, reportFile: file };
    }
}

/** The optional 4th lens argument, checked: a client may send anything. */
function focusOf(value: unknown): TimelineFocus | undefined {
    const f = value as Partial<TimelineFocus> | undefined;
    if (!f || typeof f !== 'object' || typeof f.item !== 'string' || !Number.isSafeInteger(f.job) || !Number.isSafeInteger(f.seed) || !Number.isSafeInteger(f.durationNs)) return undefined;
    if (!SCENARIOS.includes(f.scenario as Scenario)) return undefined;
    return { item: f.item, job: f.job!, seed: f.seed!, durationNs: f.durationNs!, scenario: f.scenario as Scenario };
}

/** One report file per document (overwritten by the next Show timeline), in the temporary folder. */
function reportPath(uri: string): string {
    const base = decodeURIComponent(uri.split('/').pop() ?? 'document').replace(/[^A-Za-z0-9._-]/g, '_').replace(/\.rtcell$/, '');
    const hash = createHash('sha256').update(uri).digest('hex').slice(0, 8);
    // Per user: another user's folder of the same name would not be writable.
    return join(tmpdir(), `rtcell-timeline-${process.getuid?.() ?? 'user'}`, `${base || 'document'}-${hash}.html`);
}
