/**
 * Soak run (issue 17): generated and mutated documents through parsing, validation, lowering, analysis and a short
 * simulation, then rapid edits through the language server; reports crashes (goal: 0) and time. Stops by itself: after
 * `--documents N` (default 100,000) or `--minutes M` (default 30), whichever comes first, then `--edits E` edits
 * (default 1,000). Every crash is written to out/soak-crashes/ with its stack, so it can be replayed
 * (`--seed S --from K --documents 1`, K the document number in the file name); out/soak-progress.txt names the stretch
 * in progress. Run: npm run bench:soak [-- --documents 2000 --edits 200].
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadModelFromText } from '../language/load.js';
import { analyzeSystem, SearchBudget } from '../simulator/analysis/index.js';
import { simulate } from '../simulator/engine/index.js';
import { StdioLspClient } from './lsp-stdio-client.js';
import { mutate, soakDocument } from './soak-documents.js';
import { rng } from './analysis-shapes.js';

/** The package root: above bench/ when run from the sources (tests), above out/bench/ when built. */
const ROOT = [resolve(import.meta.dirname, '..'), resolve(import.meta.dirname, '..', '..')].find((d) => existsSync(join(d, 'package.json')))!;
const CRASHES = join(ROOT, 'out', 'soak-crashes');
/** The stretch of documents in progress (a run killed by a hang or running out of memory leaves it behind). */
const PROGRESS = join(ROOT, 'out', 'soak-progress.txt');

export interface SoakOptions {
    documents: number;
    minutes: number;
    edits: number;
    seed: number;
    /** Called for each crash (the bench writes it to out/soak-crashes/). */
    onCrash?: (crash: SoakCrash) => void;
    /** First document number (default 0): to replay a stretch of a run. */
    from?: number;
    /** Called before each document (the bench notes the number, so a run killed by a hang or OOM names its document). */
    onDocument?: (k: number) => void;
}

export interface SoakCrash {
    stage: 'load' | 'analyze' | 'simulate' | 'server';
    document: number;
    text: string;
    error: string;
}

export interface SoakReport {
    documents: number;
    valid: number;
    analysed: number;
    simulated: number;
    crashes: SoakCrash[];
    /** Slowest document, ms, and its number. */
    slowest: { ms: number; document: number };
    seconds: number;
}

function examples(): string[] {
    const dir = join(ROOT, 'examples');
    try {
        return readdirSync(dir).filter((f) => f.endsWith('.rtcell')).map((f) => readFileSync(join(dir, f), 'utf8'));
    } catch {
        return [];
    }
}

function describe(error: unknown): string {
    return error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
}

/** Documents through load → analyze → simulate; every exception is a crash. */
export async function soakDocuments(options: Pick<SoakOptions, 'documents' | 'minutes' | 'seed' | 'onCrash' | 'from' | 'onDocument'>): Promise<SoakReport> {
    const sources = examples();
    const t0 = performance.now();
    const stopAt = t0 + options.minutes * 60_000;
    const report: SoakReport = { documents: 0, valid: 0, analysed: 0, simulated: 0, crashes: [], slowest: { ms: 0, document: -1 }, seconds: 0 };
    const crash = (c: SoakCrash) => {
        report.crashes.push(c);
        options.onCrash?.(c);
    };
    for (let k = options.from ?? 0; k < (options.from ?? 0) + options.documents && performance.now() < stopAt; k++) {
        const start = performance.now();
        options.onDocument?.(k);
        const text = soakDocument(options.seed, k, sources);
        report.documents++;
        let model;
        try {
            model = (await loadModelFromText(text)).model;
        } catch (e) {
            crash({ stage: 'load', document: k, text, error: describe(e) });
            continue;
        }
        if (model) {
            report.valid++;
            try {
                // A small search budget: the soak looks for crashes, not for fixes.
                analyzeSystem(model, { searchBudget: new SearchBudget(200_000, 50_000) });
                report.analysed++;
            } catch (e) {
                crash({ stage: 'analyze', document: k, text, error: describe(e) });
            }
            try {
                simulate(model, { durationNs: 5_000_000, seed: k, scenario: 'random' });
                report.simulated++;
            } catch (e) {
                crash({ stage: 'simulate', document: k, text, error: describe(e) });
            }
        }
        const ms = performance.now() - start;
        if (ms > report.slowest.ms) report.slowest = { ms, document: k };
    }
    report.seconds = (performance.now() - t0) / 1000;
    return report;
}

/**
 * Rapid edits through the bundled language server: each edit is a mutation of the example document, sent without
 * waiting for the previous one's diagnostics, with a hover, inlay-hint and symbol request every tenth edit. A crash is
 * the server exiting or a request failing other than by cancellation; the last edit must still get its diagnostics.
 */
export async function soakServer(edits: number, seed: number): Promise<{ edits: number; crashes: string[]; seconds: number }> {
    const server = join(ROOT, 'dist', 'server.cjs');
    const client = new StdioLspClient(server);
    const crashes: string[] = [];
    let exited = false;
    let closing = false;
    client.process.once('exit', (code, signal) => {
        exited = true;
        if (!closing) crashes.push(`server exited (code ${code}, signal ${signal})`);
    });
    const t0 = performance.now();
    const uri = pathToFileURL(join(ROOT, 'out', 'soak.rtcell')).toString();
    const base = readFileSync(join(ROOT, 'examples', 'zcu102-broker.rtcell'), 'utf8');
    const rand = rng(seed);
    try {
        await client.initialize(pathToFileURL(ROOT).toString());
        await client.open(uri, base);
        const pending: Promise<unknown>[] = [];
        let text = base;
        let last: Promise<unknown> = Promise.resolve();
        for (let v = 2; v <= edits + 1 && !exited; v++) {
            // Mostly small edits of the current text (as typing), sometimes back to the valid document.
            text = rand() < 0.1 ? base : mutate(text, rand);
            last = client.change(uri, text, v);
            if (v % 10 === 0) {
                const position = { line: Math.floor(rand() * 40), character: Math.floor(rand() * 30) };
                const range = { start: { line: 0, character: 0 }, end: { line: 200, character: 0 } };
                for (const [method, params] of [
                    ['textDocument/hover', { textDocument: { uri }, position }],
                    ['textDocument/inlayHint', { textDocument: { uri }, range }],
                    ['textDocument/documentSymbol', { textDocument: { uri } }],
                ] as const) {
                    pending.push(client.request(method, params).catch((e: { code?: number; message?: string }) => {
                        // -32800: request cancelled (superseded by a newer edit), -32801: content modified: expected.
                        if (e?.code !== -32800 && e?.code !== -32801) crashes.push(`${method}: ${e?.message ?? String(e)}`);
                    }));
                }
            }
            if (v % 50 === 0) await new Promise((r) => setImmediate(r));
        }
        const timeout = new Promise((r) => setTimeout(() => r('timeout'), 60_000));
        if (await Promise.race([last, timeout]) === 'timeout') crashes.push('no diagnostics for the last edit within 60 s');
        await Promise.race([Promise.all(pending), timeout]);
    } catch (e) {
        crashes.push(describe(e));
    } finally {
        closing = true;
        await client.close();
    }
    return { edits, crashes, seconds: (performance.now() - t0) / 1000 };
}

function option(name: string, fallback: number): number {
    const k = process.argv.indexOf(`--${name}`);
    const v = k >= 0 ? Number(process.argv[k + 1]) : NaN;
    return Number.isFinite(v) && v >= 0 ? v : fallback;
}

async function main(): Promise<void> {
    const options: SoakOptions = {
        documents: option('documents', 100_000), minutes: option('minutes', 30), edits: option('edits', 1000), seed: option('seed', 1), from: option('from', 0),
        onDocument: (k) => { if (k % 100 === 0) writeFileSync(PROGRESS, `seed ${options.seed} document ${k}\n`); },
        onCrash: (c) => {
            mkdirSync(CRASHES, { recursive: true });
            writeFileSync(join(CRASHES, `seed${options.seed}-doc${c.document}-${c.stage}.rtcell`), `${c.text}\n/* ${c.error.replaceAll('*/', '* /')} */\n`);
        },
    };
    const docs = await soakDocuments(options);
    console.log(`documents: ${docs.documents} in ${docs.seconds.toFixed(1)} s (${(docs.documents / docs.seconds).toFixed(0)}/s), ${docs.valid} valid, `
        + `${docs.analysed} analysed, ${docs.simulated} simulated; slowest ${docs.slowest.ms.toFixed(0)} ms (document ${docs.slowest.document}); `
        + `crashes: ${docs.crashes.length} (goal 0)`);
    for (const c of docs.crashes.slice(0, 10)) console.log(`  ${c.stage} document ${c.document}: ${c.error.split('\n')[0]}`);
    const lsp = options.edits > 0 ? await soakServer(options.edits, options.seed) : undefined;
    if (lsp) {
        console.log(`language server: ${lsp.edits} rapid edits in ${lsp.seconds.toFixed(1)} s; crashes: ${lsp.crashes.length} (goal 0)`);
        for (const c of lsp.crashes.slice(0, 10)) console.log(`  ${c.split('\n')[0]}`);
    }
    if (docs.crashes.length > 0 || (lsp && lsp.crashes.length > 0)) {
        console.log(`crashing documents written to ${CRASHES}`);
        process.exitCode = 1;
    }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
