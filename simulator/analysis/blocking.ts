/**
 * Blocking by critical sections on local resources (docs/analysis.md §10.1): the stack resource policy (Baker 1991)
 * on one core or VCPU, which under fixed priorities is the immediate priority ceiling protocol. A job is blocked at
 * most once, by one section of a job that started before it, on a resource whose ceiling is at least its preemption
 * level. This module finds, per task, the longest such section (B_i) and, for the EDF demand test, B(t).
 */
import type { CriticalSection, Task } from '../model/types.js';
import type { TaskGroup } from './context.js';
import type { BlockingCause } from './types.js';

export interface TaskBlocking {
    /** B_i, ns: added once to every window of the task's analysis. */
    value: number;
    /** LLC refills a blocking job can make while it blocks (the most of any job that can block: its whole job's). */
    refills: number;
    causes: BlockingCause[];
}

export interface GroupBlocking {
    /** Aligned with `group.tasks`. */
    perTask: TaskBlocking[];
    /** Largest B_i of the group (for the EDF busy period, which must bound every task's window). */
    max: number;
    /** Refills of the job that sets `max`. */
    maxRefills: number;
    /** EDF demand test (Baker 1991): the longest section of a task with D_j > t. */
    demandBlocking(t: number): number;
}

const NONE: TaskBlocking = { value: 0, refills: 0, causes: [] };

/** Local sections of a group's tasks, or undefined when the group has none (the common case: no work at all). */
export function localBlocking(group: TaskGroup, edf: boolean): GroupBlocking | undefined {
    const tasks = group.tasks;
    if (!tasks.some((t) => t.sections?.some((s) => s.scope === 'local'))) return undefined;
    // Users of each local resource on this core or VCPU, and its ceiling: the highest priority (FP) or the shortest
    // relative deadline (EDF: preemption levels by relative deadline) among them.
    const users = new Map<string, Task[]>();
    for (const t of tasks) {
        for (const s of t.sections ?? []) {
            if (s.scope !== 'local') continue;
            const list = users.get(s.resource) ?? [];
            if (!list.includes(t)) list.push(t);
            users.set(s.resource, list);
        }
    }
    const perTask = tasks.map((me): TaskBlocking => {
        let best: { task: Task; section: CriticalSection } | undefined;
        // The longest section sets B_i, but a shorter one of a task with more refills may stall the core longer
        // (MemGuard): the refills counted are the largest of any task that can block.
        let refills = 0;
        for (const j of tasks) {
            if (j === me) continue;
            // FP: strictly less urgent (equal priorities are interference, FIFO). EDF (Spuri 1996 with SRP): a job that
            // started before the busy period and has a later deadline than the analysed one, d = r + D_i with
            // r ≥ −J_i, so D_j > D_i − J_i.
            const canBlock = edf ? j.deadline > me.deadline - me.jitter : j.priority < me.priority;
            if (!canBlock) continue;
            for (const s of j.sections ?? []) {
                if (s.scope !== 'local') continue;
                // FP: the resource's ceiling reaches this task's priority. EDF: any section (any job of the busy period
                // may be the one it blocks, even through a resource only its holder uses: a job whose level equals the
                // holder's cannot start while it holds one, so the ceiling test is not applied per task).
                const reaches = edf || (users.get(s.resource) ?? []).some((u) => u.priority >= me.priority);
                if (!reaches) continue;
                if (j.memoryRefills > refills) refills = j.memoryRefills;
                if (!best || s.length > best.section.length) best = { task: j, section: s };
            }
        }
        if (!best) return NONE;
        return {
            value: best.section.length,
            refills,
            causes: [{
                kind: 'local', resource: best.section.resource, scope: 'local', task: best.task.name, owner: group.cell.name,
                source: best.section.source ?? best.task.source, length: best.section.length, value: best.section.length,
                index: best.task.sections!.indexOf(best.section),
            }],
        };
    });
    let max = 0;
    let maxRefills = 0;
    for (const b of perTask) {
        if (b.value > max) max = b.value;
        if (b.refills > maxRefills) maxRefills = b.refills;
    }
    // B(t): sections by their task's relative deadline, longest suffix maximum for D_j > t.
    const sections: { deadline: number; length: number }[] = [];
    for (const j of tasks) for (const s of j.sections ?? []) if (s.scope === 'local') sections.push({ deadline: j.deadline, length: s.length });
    sections.sort((a, b) => a.deadline - b.deadline);
    const suffixMax = new Array<number>(sections.length + 1).fill(0);
    for (let k = sections.length - 1; k >= 0; k--) suffixMax[k] = Math.max(suffixMax[k + 1], sections[k].length);
    const demandBlocking = (t: number): number => {
        let lo = 0;
        let hi = sections.length;
        while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if (sections[mid].deadline > t) hi = mid; else lo = mid + 1;
        }
        return suffixMax[lo];
    };
    return { perTask, max, maxRefills, demandBlocking };
}
