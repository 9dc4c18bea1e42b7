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
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LangiumSharedServices } from 'langium/lsp';
import { MessageType, ResponseError, ShowMessageNotification, type CancellationToken, type InitializeParams } from 'vscode-languageserver';
import { renderHtmlReport } from '../simulator/report/report.js';
import { analysisReport, lensTarget, simulationReport, summaryRowsOf, type LensTarget } from './command-reports.js';
import type { CustomRequests } from './custom-requests.js';
import {
    COMMANDS, DEFAULT_SIMULATION_NS, DOCUMENT_UNAVAILABLE, type CommandResult, type RtcellInitializationOptions, type SimulateResponse,
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
        return this.clientCommands ? [] : Object.values(COMMANDS);
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
        else if (name === COMMANDS.showTimeline) result = await this.showTimeline(uri, target, token);
        else return undefined;
        // A notification (window/showMessage): the connection's showInformationMessage is a request with actions, which
        // some clients answer with a menu.
        if (!this.clientCommands) void this.shared.lsp.Connection?.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message: result.text.trimEnd() });
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

    private simulate(uri: string, token?: CancellationToken): Promise<SimulateResponse> {
        return this.requests().simulate({ uri, ...LENS_RUN }, token);
    }

    private async showTimeline(uri: string, target: LensTarget, token?: CancellationToken): Promise<CommandResult> {
        const response = await this.simulate(uri, token);
        const html = renderHtmlReport({
            title: `${response.system} · ${response.scenario} · seed ${response.seed}${response.stale ? ' (last valid version)' : ''}`,
            trace: response.trace,
            rows: summaryRowsOf(response),
            ...(target.kind === 'flow' && target.item ? { select: target.item } : {}),
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

/** One report file per document (overwritten by the next Show timeline), in the temporary folder. */
function reportPath(uri: string): string {
    const base = decodeURIComponent(uri.split('/').pop() ?? 'document').replace(/[^A-Za-z0-9._-]/g, '_').replace(/\.rtcell$/, '');
    const hash = createHash('sha256').update(uri).digest('hex').slice(0, 8);
    // Per user: another user's folder of the same name would not be writable.
    return join(tmpdir(), `rtcell-timeline-${process.getuid?.() ?? 'user'}`, `${base || 'document'}-${hash}.html`);
}
