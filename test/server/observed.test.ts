// The background simulation (issue 15, items 1-2) on Langium's services with the in-process runner: observations of
// each analysed version beside the bound in hover and (on request) in inlay hints, reuse for an equal model, and the
// error when the simulator observes more than the analysis bounds (an analysis made wrong on purpose), with the
// quick-fix that saves a reproduction. Neovim drives the worker-thread runner of the bundled server (nvim.test.ts).
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DocumentState, EmptyFileSystem, TextDocument, URI, type LangiumDocument } from 'langium';
import { setTextDocument } from 'langium/test';
import { describe, expect, it } from 'vitest';
import type { Hover, MarkupContent } from 'vscode-languageserver';
import { readExample } from '../language/helpers.js';
import type { Observation } from '../../server/background-simulation.js';
import { DEFAULT_ENGINE } from '../../server/default-engine.js';
import type { RtcellCommandHandler } from '../../server/execute-command.js';
import { disagreementDiagnostics } from '../../server/observation-diagnostics.js';
import { foldObservations, planObservation } from '../../server/observation-runs.js';
import { COMMANDS, SAVE_REPRODUCTION_COMMAND, type AnalysisDiagnosticData, type CommandResult, type LensCommandArguments, type ReproductionFile } from '../../server/protocol.js';
import { createRtcellServices } from '../../server/rtcell-server-module.js';
import type { AnalysisEngine } from '../../server/analysis-engine.js';
import { analyzeSystem } from '../../simulator/analysis/index.js';
import { simulate } from '../../simulator/engine/index.js';
import { positionOf } from './helpers.js';

function servicesWith(engine: AnalysisEngine) {
    const services = createRtcellServices(EmptyFileSystem, { engine, observer: 'in-process' });
    let counter = 0;
    // Real file URIs in a temporary folder: a saved reproduction goes next to its document.
    const folder = mkdtempSync(join(tmpdir(), 'rtcell-observed-'));
    const open = async (text: string): Promise<LangiumDocument> => {
        const uri = URI.file(join(folder, `doc-${++counter}.rtcell`));
        const document = services.shared.workspace.LangiumDocumentFactory.fromString(text, uri);
        services.shared.workspace.LangiumDocuments.addDocument(document);
        await services.shared.workspace.DocumentBuilder.build([document], { validation: true });
        return document;
    };
    /** The version's observations once complete (the runs, then the sensitivity searches). */
    const observed = (document: LangiumDocument): Promise<Observation> => new Promise((resolve) => {
        const background = services.Rtcell.server.BackgroundSimulation;
        const uri = document.uri.toString();
        const root = document.parseResult.value;
        const ready = background.get(uri, root);
        if (ready && !background.isRunning(uri, root)) return resolve(ready);
        const listener = background.onObserved((o) => {
            if (o.uri === uri && o.root === root && !background.isRunning(uri, root)) {
                listener.dispose();
                resolve(o);
            }
        });
    });
    const hover = async (document: LangiumDocument, needle: string, delta = 6): Promise<string> => {
        const text = document.textDocument.getText();
        const result = await services.Rtcell.lsp.HoverProvider!.getHoverContent(document, { textDocument: { uri: document.uri.toString() }, position: positionOf(text, needle, delta) }) as Hover | undefined;
        return (result?.contents as MarkupContent | undefined)?.value ?? '';
    };
    return { ...services, open, observed, hover };
}

describe('background simulation', () => {
    it('shows the observed worst latency beside the bound in hover, with the run, the job and a link to it', async () => {
        const s = servicesWith(DEFAULT_ENGINE);
        const document = await s.open(readExample('zcu102-broker.rtcell'));
        expect(await s.hover(document, 'flow camera')).toContain('Simulating in the background');
        const observation = await s.observed(document);
        expect(observation.runs).toEqual([{ scenario: 'adversarial', seed: 1 }, { scenario: 'random', seed: 1 }, { scenario: 'random', seed: 2 }]);
        const camera = observation.items.find((i) => i.kind === 'flow' && i.name === 'camera')!;
        // The same runs, simulated here: the observation is their worst.
        const direct = foldObservations(observation.runs.map((run) => simulate(s.Rtcell.server.AnalysisService.get(document).checked.model, { durationNs: observation.durationNs, ...run })));
        expect(camera).toEqual(direct.find((i) => i.kind === 'flow' && i.name === 'camera'));
        const text = await s.hover(document, 'flow camera');
        const wcrt = s.Rtcell.server.AnalysisService.get(document).analysis!.flows.find((f) => f.name === 'camera')!.wcrt!;
        const line = text.split('\n').find((l) => l.startsWith('Observed'))!;
        expect(line).toMatch(new RegExp(`^Observed \\*\\*[0-9.]+ (us|ms)\\*\\* \\(${Math.round((camera.max / wcrt) * 1000) / 10} % of the bound\\) · ${camera.scenario} scenario, seed ${camera.seed}, job ${camera.job} released (at [0-9.]+ (ns|us|ms|s)|\\(nominally\\) [0-9.]+ (ns|us|ms|s) before the run's start) · `));
        // When: the worst job's nominal release, within the run (or up to its jitter before it).
        expect(camera.from).toBeLessThan(observation.durationNs);
        expect(camera.from).toBeGreaterThanOrEqual(-100_000); // camera's release jitter is 100 us
        const link = /\[Show this job in the timeline\]\(command:rtcell\.showTimeline\?([^)]+)\)/.exec(line);
        expect(link).not.toBeNull();
        const args = JSON.parse(decodeURIComponent(link![1])) as LensCommandArguments;
        expect(args).toEqual([document.uri.toString(), 'camera', 'flow', { item: 'camera', job: camera.job, scenario: camera.scenario, seed: camera.seed, durationNs: observation.durationNs }]);
        // The link's command, run by a plain LSP client, writes the report zoomed to that job.
        const handler = s.shared.lsp.ExecuteCommandHandler as RtcellCommandHandler;
        const result = await handler.executeCommand(COMMANDS.showTimeline, args) as CommandResult;
        const html = readFileSync(result.reportFile!, 'utf8');
        expect(html).toContain(`"select":"camera","focusJob":${camera.job}`);
    });

    it('adds the observation to inlay hints when asked, and reuses it for a version that only moved', async () => {
        const s = servicesWith(DEFAULT_ENGINE);
        s.Rtcell.server.Settings.update({ inlayHints: { enabled: true, observed: true } });
        const text = readExample('zcu102-broker.rtcell');
        const document = await s.open(text);
        const first = await s.observed(document);
        const hints = await s.Rtcell.lsp.InlayHintProvider!.getInlayHints(document, { textDocument: { uri: document.uri.toString() }, range: { start: { line: 0, character: 0 }, end: { line: 200, character: 0 } } });
        const labels = (hints ?? []).map((h) => String(h.label));
        expect(labels.some((l) => /^WCRT [0-9.]+ (us|ms) · slack [0-9.]+ (us|ms) · observed [0-9.]+ (us|ms) \([0-9.]+ %\)$/.test(l))).toBe(true);
        // A comment added at the top: same model, the runs are not repeated.
        // The same document, edited: a comment at the top (same model, positions moved).
        const firstRoot = document.parseResult.value;
        setTextDocument(s.shared, TextDocument.create(document.uri.toString(), 'rtcell', 2, `// a comment\n${text}`));
        await s.shared.workspace.DocumentBuilder.update([document.uri], []);
        const moved = s.shared.workspace.LangiumDocuments.getDocument(document.uri)!;
        expect(moved.parseResult.value).not.toBe(firstRoot);
        const reused = await s.observed(moved);
        expect(reused.items).toEqual(first.items);
        expect(reused.elapsedMs).toBe(first.elapsedMs); // the same runs' figures: nothing ran again
    });

    it('reports an observation above the bound as an error, and its quick-fix saves a reproduction', async () => {
        // An analysis that claims camera takes a tenth of what it really bounds: the simulator must catch it.
        const wrong: AnalysisEngine = {
            analyze: (model, depth) => {
                const result = DEFAULT_ENGINE.analyze(model, depth);
                for (const f of result.flows) if (f.name === 'camera' && f.wcrt !== undefined) f.wcrt = Math.floor(f.wcrt / 10);
                return result;
            },
            simulate: DEFAULT_ENGINE.simulate!,
        };
        const s = servicesWith(wrong);
        const document = await s.open(readExample('zcu102-broker.rtcell'));
        const observation = await s.observed(document);
        const entry = s.Rtcell.server.AnalysisService.get(document);
        const diagnostics = disagreementDiagnostics(observation, entry.analysis!, entry.checked.model, entry.checked.index);
        expect(diagnostics).toHaveLength(1);
        const diagnostic = diagnostics[0];
        expect(diagnostic.code).toBe('simulation-exceeds-bound');
        expect(diagnostic.severity).toBe(1);
        expect(diagnostic.message).toMatch(/^The simulator observed [0-9.]+ (us|ms) for flow 'camera', above its analysed bound of [0-9.]+ (us|ms) \(\w+ scenario, seed \d+, job \d+\): the analysis and the simulator disagree/);
        const line = document.textDocument.getText().split('\n')[diagnostic.range.start.line];
        expect(line.slice(diagnostic.range.start.character, diagnostic.range.end.character)).toBe('camera');
        expect(await s.hover(document, 'flow camera')).toContain('**above the bound**');

        const actions = await s.Rtcell.lsp.CodeActionProvider!.getCodeActions(document, { textDocument: { uri: document.uri.toString() }, range: diagnostic.range, context: { diagnostics: [diagnostic as never] } });
        const save = (actions ?? []).find((a) => a.title.startsWith('Save a reproduction file'));
        const command = save && 'command' in save && typeof save.command === 'object' ? save.command : undefined;
        expect(command?.command).toBe(SAVE_REPRODUCTION_COMMAND);
        const handler = s.shared.lsp.ExecuteCommandHandler as RtcellCommandHandler;
        const result = await handler.executeCommand(SAVE_REPRODUCTION_COMMAND, command!.arguments ?? []) as CommandResult;
        expect(existsSync(result.reportFile!)).toBe(true);
        expect(dirname(result.reportFile!)).toBe(dirname(URI.parse(document.uri.toString()).fsPath));
        const file = JSON.parse(readFileSync(result.reportFile!, 'utf8')) as ReproductionFile;
        const data = diagnostic.data as AnalysisDiagnosticData;
        expect(file).toMatchObject({ format: 'rtcell-reproduction', version: 1, text: document.textDocument.getText(), item: { kind: 'flow', name: 'camera' }, observedNs: data.observed!.max, boundNs: data.wcrt });
        // Replaying the saved run gives the same observation.
        const replay = simulate(entry.checked.model, { durationNs: file.run.durationNs, seed: file.run.seed, scenario: file.run.scenario });
        expect(replay.flows.find((f) => f.name === 'camera')!.max).toBe(file.observedNs);
        await expect(handler.executeCommand(SAVE_REPRODUCTION_COMMAND, [document.uri.toString(), { code: 'nonsense' }])).rejects.toThrow(/must be the data of a 'simulation-exceeds-bound' diagnostic/);
    });

    it('simulates documents opened together one after the other, and a newer version replaces an older one', async () => {
        const s = servicesWith(DEFAULT_ENGINE);
        const [a, b] = await Promise.all([s.open(readExample('zcu102-broker.rtcell')), s.open(readExample('zcu102-floating.rtcell'))]);
        const [oa, ob] = await Promise.all([s.observed(a), s.observed(b)]);
        expect(oa.items.length).toBeGreaterThan(0);
        expect(ob.items.length).toBeGreaterThan(0);
        expect(oa.sensitivity.length).toBeGreaterThan(0);
        // Two versions of one document in a row: only the newer one is simulated.
        const first = a.parseResult.value;
        setTextDocument(s.shared, TextDocument.create(a.uri.toString(), 'rtcell', 2, readExample('zcu102-broker.rtcell').replace('wcet 1.2 ms', 'wcet 1.3 ms')));
        await s.shared.workspace.DocumentBuilder.update([a.uri], []);
        const second = a.parseResult.value;
        setTextDocument(s.shared, TextDocument.create(a.uri.toString(), 'rtcell', 3, readExample('zcu102-broker.rtcell').replace('wcet 1.2 ms', 'wcet 1.4 ms')));
        await s.shared.workspace.DocumentBuilder.update([a.uri], []);
        const third = await s.observed(a);
        expect(third.version).toBe(3);
        const background = s.Rtcell.server.BackgroundSimulation;
        expect(background.get(a.uri.toString(), second)).toBeUndefined();
        expect(background.get(a.uri.toString(), first)).toBeUndefined();
    });

    it('caps a run by its job budget and the setting', () => {
        const plan = planObservation({ cells: [{ tasks: [{ period: 1_000 }] }], flows: [] } as never, { randomSeeds: 40, maxDurationNs: 10_000_000_000 });
        expect(plan.runs).toHaveLength(17);
        expect(plan.durationNs).toBeLessThanOrEqual(200_000 * 1_000);
        const short = planObservation({ cells: [{ tasks: [{ period: 3_000_000 }, { period: 7_000_000 }] }], flows: [] } as never, { randomSeeds: 0, maxDurationNs: 1_000_000_000 });
        expect(short).toEqual({ durationNs: 42_000_000, runs: [{ scenario: 'adversarial', seed: 1 }] });
    });

    it('says how far a WCET, a flow size and a MemGuard budget can move before a deadline can be missed, each limit exact', async () => {
        const s = servicesWith(DEFAULT_ENGINE);
        const document = await s.open(readExample('zcu102-broker.rtcell'));
        const observation = await s.observed(document);
        const model = s.Rtcell.server.AnalysisService.get(document).checked.model;
        const allHold = (m: typeof model) => {
            const r = analyzeSystem(m, { fixes: false, interfaces: false });
            return [...r.flows, ...r.tasks, ...r.events].every((i) => i.verdict === 'schedulable');
        };
        expect(allHold(model)).toBe(true);
        const acquire = observation.sensitivity.find((r) => r.kind === 'task' && r.name === 'acquire')!;
        expect(acquire).toMatchObject({ cell: 'sensor', what: 'wcet', current: 1_200_000 });
        expect(acquire.limit).toBeGreaterThan(acquire.current);
        const withWcet = (w: number) => { const m = structuredClone(model); m.cells.find((c) => c.name === 'sensor')!.tasks.find((t) => t.name === 'acquire')!.wcet = w; return m; };
        expect(allHold(withWcet(acquire.limit))).toBe(true);
        if (!acquire.capped) expect(allHold(withWcet(acquire.limit + 1))).toBe(false);
        const camera = observation.sensitivity.find((r) => r.kind === 'flow' && r.name === 'camera')!;
        const withSize = (size: number) => { const m = structuredClone(model); m.flows.find((f) => f.name === 'camera')!.size = size; return m; };
        expect(allHold(withSize(camera.limit))).toBe(true);
        if (!camera.capped) expect(allHold(withSize(camera.limit + 1))).toBe(false);
        const sensor = observation.sensitivity.find((r) => r.kind === 'cell' && r.name === 'sensor')!;
        expect(sensor.limit).toBeLessThan(sensor.current);

        const task = await s.hover(document, 'task acquire');
        expect(task).toMatch(/Sensitivity: its WCET can grow to (at least )?\*\*[0-9.]+ (us|ms)\*\* \(×[0-9.]+\) before any deadline can be missed/);
        const cell = await s.hover(document, 'cell sensor');
        expect(cell).toMatch(new RegExp(`Sensitivity: the MemGuard budget can shrink to \\*\\*[0-9.]+ [KMG]?B/s\\*\\* \\(${sensor.limit} of ${sensor.current} events per period\\)`));
    });

    it('says its observations again when the same version is validated again (the disagreements come back)', async () => {
        const s = servicesWith(DEFAULT_ENGINE);
        const document = await s.open(readExample('zcu102-broker.rtcell'));
        const first = await s.observed(document);
        const again = new Promise<Observation>((resolve) => {
            const listener = s.Rtcell.server.BackgroundSimulation.onObserved((o) => { listener.dispose(); resolve(o); });
        });
        // What Langium does when another document changes the scope this one links against: relink and revalidate
        // the same parse result, then publish its diagnostics again (without the disagreements the publisher adds).
        s.shared.workspace.DocumentBuilder.resetToState(document, DocumentState.ComputedScopes);
        await s.shared.workspace.DocumentBuilder.build([document], { validation: true });
        const observation = await again;
        expect(observation.root).toBe(document.parseResult.value);
        expect(observation.items).toEqual(first.items);
    }, 20_000);
});
