/**
 * Fingerprints of the analysis with every search allowed to finish (`UNLIMITED_SEARCH`), to check that a change to
 * the searches gives the same answers: the VCPU interfaces (vcpus[].minimalBudget) and every item's fixes, and the
 * whole result, hashed per system. Systems: the contract test's generator (fast-check seed 4242, test/simulator/
 * system-arbitrary.ts) and the VCPU shapes of bench:analysis.
 * Run: node out/bench/search-fingerprint.js [count=1000] [shapes|contract|all] [first=0] > file (contract systems
 * first..count−1, to split a run over processes); compare two files with diff.
 * Each line: `name searches-sha1 result-sha1 ms`, then the interfaces in clear.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { analyzeSystem, UNLIMITED_SEARCH } from '../simulator/analysis/index.js';
import type { AnalysisResult } from '../simulator/analysis/types.js';
import type { SystemModel } from '../simulator/model/types.js';
import { systemArbitrary } from '../test/simulator/system-arbitrary.js';
import { manyCells, vcpuCells } from './analysis-shapes.js';

function sha1(x: unknown): string {
    return createHash('sha1').update(JSON.stringify(x)).digest('hex').slice(0, 16);
}

function searches(r: AnalysisResult): unknown {
    return {
        vcpus: r.vcpus.map((v) => [v.cell, v.name, v.minimalBudget, v.minimalBudgetStopped]),
        fixes: [...r.flows, ...r.tasks, ...r.events].map((i) => [i.kind, i.owner, i.name, i.fixes]),
    };
}

function line(name: string, model: SystemModel): void {
    const t0 = performance.now();
    const r = analyzeSystem(model, { searchBudget: UNLIMITED_SEARCH });
    const ms = performance.now() - t0;
    const interfaces = r.vcpus.map((v) => `${v.cell}/${v.name}=${v.minimalBudget ?? '-'}`).join(' ');
    console.log(`${name} ${sha1(searches(r))} ${sha1(r)} ${ms.toFixed(0)}ms ${interfaces}`);
}

const count = Number(process.argv[2] ?? 1000);
const part = process.argv[3] ?? 'all';
const first = Number(process.argv[4] ?? 0);
if (part !== 'shapes') {
    const systems = fc.sample(systemArbitrary, { numRuns: count, seed: 4242 });
    systems.forEach((m, k) => { if (k >= first) line(`contract-${k}`, m); });
}
if (part !== 'contract') {
    line('vcpu-12x10', vcpuCells(12, 10));
    line('vcpu-100x2', vcpuCells(100, 2));
    line('vcpu-300x2', vcpuCells(300, 2));
    line('vcpu-12x10-seed2', vcpuCells(12, 10, 2));
    line('vcpu-24x5-seed3', vcpuCells(24, 5, 3));
    if (part === 'all-big') line('many-cells', manyCells());
}
