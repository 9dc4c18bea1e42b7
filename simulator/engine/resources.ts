/**
 * Shared resources in the simulator (docs/semantics.md §9), behind the one event loop of simulation.ts.
 *
 * - Sections: a job's critical sections run back to back from the start of its execution, in the order written
 *   (section k holds its resource over execution progress [start_k, end_k)).
 * - Local resources: the stack resource policy (Baker 1991) per core or VCPU. A job may start only when its preemption
 *   level (FP: its priority; EDF: shorter relative deadline is higher) is above the ceilings of the resources the
 *   server's other jobs hold; a job that runs this way finds its resources free.
 * - Global resources: MPCP (Rajkumar 1990). A job that finds the resource held suspends in the resource's queue
 *   (priority order, FIFO among equals) and the core runs other work; the holder runs its section at a boosted
 *   priority, above every job of its server that holds no global resource (among holders: the higher resource ceiling
 *   first). On a VCPU the section stops when the budget runs out and goes on with the next budget (enforcement), or,
 *   with `vmpcp overrun`, the VCPU keeps running past its budget until the section ends (vMPCP budget overrun).
 *
 * The simulation asks this module only when the system has sections: `pick` replaces the server's plain choice,
 * `beforeRun` takes the resource at a section's start, `afterProgress` releases it at its end, `nextBoundary` adds the
 * section end to the core's next event, `onComplete` resets the job.
 */
import type { SystemModel } from '../model/types.js';
import type { CoreState, ServerState, TaskState } from './topology.js';
import { SimulationInputError } from './types.js';

/** A job that holds a global resource is scheduled before every job holding none: its key is shifted by this. */
const BOOST = 1e12;

const ANY = (): boolean => true;

/** `beforeRun` results. */
export const RUN = 0;
export const SUSPENDED = 1;

export class ResourceArbiter {
    /** Per task: section boundaries in execution progress and resource ids (empty for tasks without sections). */
    private readonly start: number[][];
    private readonly end: number[][];
    private readonly res: number[][];
    /** Per task: the next section to run, the resource held (-1), its preemption level. */
    private readonly next: Int32Array;
    private readonly holding: Int32Array;
    private readonly level: Float64Array;
    /** Per task: total section length, the least execution time a job can have. */
    readonly sectionTotal: Float64Array;
    /** Per resource: global or not, its ceiling (level), its holder (-1) and its waiting jobs. */
    private readonly global: boolean[] = [];
    private readonly ceiling: number[] = [];
    private readonly holder: number[] = [];
    private readonly waiters: number[][] = [];
    private readonly resourceName: string[] = [];
    /** Per server: the local resources its jobs hold (ceiling and holder, in pairs), and its boosted holders. */
    private readonly held: number[][];
    private readonly boosted: Int32Array;

    private constructor(
        private readonly tasks: readonly TaskState[],
        private readonly servers: readonly ServerState[],
        private readonly markDirty: (core: number) => void,
        private readonly overrun: boolean,
        private readonly boost: boolean,
    ) {
        const n = tasks.length;
        this.start = tasks.map(() => []);
        this.end = tasks.map(() => []);
        this.res = tasks.map(() => []);
        this.next = new Int32Array(n);
        this.holding = new Int32Array(n).fill(-1);
        this.level = new Float64Array(n);
        this.sectionTotal = new Float64Array(n);
        this.held = servers.map(() => []);
        this.boosted = new Int32Array(servers.length);
    }

    /** The arbiter of a system, or undefined when no task has a critical section (the simulation then never asks). */
    static build(model: SystemModel, tasks: readonly TaskState[], servers: readonly ServerState[], markDirty: (core: number) => void): ResourceArbiter | undefined {
        if (!tasks.some((t) => (t.model.sections?.length ?? 0) > 0)) return undefined;
        const a = new ResourceArbiter(tasks, servers, markDirty, model.hypervisor.vcpuOverrun === true, model.hypervisor.vcpuBoost === true);
        const ids = new Map<string, number>();
        const globals = new Set((model.resources ?? []).map((r) => r.name));
        for (const t of tasks) {
            const edf = servers[t.server].edf;
            a.level[t.index] = edf ? -t.deadline : t.priority;
            let at = 0;
            for (const s of t.model.sections ?? []) {
                const what = `critical section on ${s.resource} of task ${t.cell.name}.${t.model.name}`;
                if (!Number.isSafeInteger(s.length) || s.length <= 0) throw new SimulationInputError(`${what}: length must be a positive integer (got ${s.length})`);
                const isGlobal = s.scope === 'global';
                if (isGlobal && !globals.has(s.resource)) throw new SimulationInputError(`${what}: the system declares no global resource ${s.resource}`);
                if (!isGlobal && !(t.cell.resources ?? []).some((r) => r.name === s.resource)) throw new SimulationInputError(`${what}: cell ${t.cell.name} declares no resource ${s.resource}`);
                if (isGlobal && edf) throw new SimulationInputError(`${what}: global resources (MPCP) need a fixed-priority scheduler`);
                // A local resource is one server's: its key is the cell and the server, so two servers never share one.
                const key = isGlobal ? `global:${s.resource}` : `${t.cell.name}/${s.resource}@${t.server}`;
                let id = ids.get(key);
                if (id === undefined) {
                    id = a.global.length;
                    ids.set(key, id);
                    a.global.push(isGlobal);
                    a.ceiling.push(-Infinity);
                    a.holder.push(-1);
                    a.waiters.push([]);
                    a.resourceName.push(s.resource);
                }
                a.ceiling[id] = Math.max(a.ceiling[id], a.level[t.index]);
                a.start[t.index].push(at);
                at += s.length;
                a.end[t.index].push(at);
                a.res[t.index].push(id);
            }
            a.sectionTotal[t.index] = at;
        }
        return a;
    }

    hasSections(task: TaskState): boolean {
        return this.start[task.index].length > 0;
    }

    /** The execution time of a job: at least its sections (a random shorter one still runs them all). */
    execFor(task: TaskState, exec: number): number {
        const total = this.sectionTotal[task.index];
        return exec < total ? total : exec;
    }

    /**
     * vMPCP budget overrun (`hypervisor.vcpuOverrun`): a VCPU whose job holds a global resource stays schedulable at
     * its rate-monotonic place after its budget ran out, until the section ends.
     */
    overruns(s: ServerState): boolean {
        return this.overrun && s.vcpu && this.boosted[s.index] > 0;
    }

    /**
     * vMPCP VCPU boosting (`hypervisor.vcpuBoost`): the first VCPU of the core in rate-monotonic order whose job holds a
     * global resource and which may run (budget left, or overrun); -1 when none.
     */
    boostedServer(c: CoreState): number {
        if (!this.boost) return -1;
        for (let i = 0; i < c.servers.length; i++) {
            const s = this.servers[c.servers[i]];
            if (s.vcpu && this.boosted[s.index] > 0 && (s.remaining > 0 || this.overrun)) return s.index;
        }
        return -1;
    }

    /** The server's choice: the plain one unless a held resource or a boosted holder changes it. */
    pick(s: ServerState): number {
        if (this.held[s.index].length === 0 && this.boosted[s.index] === 0) return s.pick.pick();
        // SRP (Baker 1991): the most urgent pending job runs if it may (it holds a resource, or its level is above the
        // ceiling of the resources the others hold); if it may not, it is blocked, and only a job that has already
        // started may run meanwhile (the holder, or a job it preempted): a job less urgent than the blocked one never
        // starts before it. After a suspension (MPCP) a job is subject to the ceiling again: the local blocking MPCP
        // allows once per suspension.
        const top = s.pick.pickWhere(ANY);
        if (top < 0 || this.mayRun(top, s.index)) return top;
        return s.pick.pickWhere((i) => (this.holding[i] >= 0 || this.tasks[i].progress > 0) && this.mayRun(i, s.index));
    }

    private mayRun(i: number, server: number): boolean {
        if (this.holding[i] >= 0) return true;
        const h = this.held[server];
        const level = this.level[i];
        for (let k = 0; k < h.length; k += 2) if (h[k + 1] !== i && h[k] >= level) return false;
        return true;
    }

    /**
     * The scheduler picked `task` to run at t: it has started; at the start of a section it takes the resource, or
     * (a global one held elsewhere) suspends in its queue and leaves the scheduler's candidates.
     */
    beforeRun(task: TaskState, t: number): number {
        const i = task.index;
        if (this.holding[i] >= 0) return RUN;
        const k = this.next[i];
        if (k >= this.start[i].length || task.progress !== this.start[i][k]) return RUN;
        const r = this.res[i][k];
        if (this.holder[r] >= 0) {
            if (!this.global[r]) {
                // SRP never lets a started job find its local resource held; reaching this is an engine bug.
                throw new Error(`SRP violated: ${task.model.name} found local resource ${this.resourceName[r]} held at ${t}`);
            }
            this.enqueue(r, i);
            this.servers[task.server].pick.withdraw(task.pickPosition);
            return SUSPENDED;
        }
        this.take(r, i);
        return RUN;
    }

    private take(r: number, i: number): void {
        const task = this.tasks[i];
        this.holder[r] = i;
        this.holding[i] = r;
        const s = this.servers[task.server];
        if (this.global[r]) {
            this.boosted[s.index]++;
            s.pick.offer(task.pickPosition, -(BOOST + this.ceiling[r]), task.headRelease);
        } else {
            this.held[s.index].push(this.ceiling[r], i);
        }
    }

    /** Priority order, FIFO among equal priorities (the queue keeps request order). */
    private enqueue(r: number, i: number): void {
        const q = this.waiters[r];
        let at = q.length;
        while (at > 0 && this.tasks[q[at - 1]].priority < this.tasks[i].priority) at--;
        q.splice(at, 0, i);
    }

    /** After the job ran to its current progress: at the end of its section it releases the resource. */
    afterProgress(task: TaskState): void {
        const i = task.index;
        const r = this.holding[i];
        if (r < 0) return;
        const k = this.next[i];
        if (task.progress < this.end[i][k]) return;
        this.holding[i] = -1;
        this.holder[r] = -1;
        this.next[i] = k + 1;
        const s = this.servers[task.server];
        if (this.global[r]) {
            this.boosted[s.index]--;
            // Back to its own priority among the server's candidates.
            s.pick.offer(task.pickPosition, s.edf ? task.headNominal + task.deadline : -task.priority, task.headRelease);
            const q = this.waiters[r];
            if (q.length > 0) {
                const w = q.shift()!;
                const wt = this.tasks[w];
                this.take(r, w);
                this.markDirty(wt.core);
            }
        } else {
            const h = this.held[s.index];
            for (let k = 0; k < h.length; k += 2) if (h[k + 1] === i) { h.splice(k, 2); break; }
        }
        this.markDirty(task.core);
    }

    /** The next progress at which the running job changes state: the end of the section it holds. */
    nextBoundary(task: TaskState): number {
        const r = this.holding[task.index];
        return r >= 0 ? this.end[task.index][this.next[task.index]] : Infinity;
    }

    /** The job completed: the next job starts from its first section. */
    onComplete(task: TaskState): void {
        this.next[task.index] = 0;
    }

    /** Adversarial scenario: on each server the least urgent task with a section starts 1 ns before the others. */
    adversarialBlockers(): Set<number> {
        const blockers = new Set<number>();
        for (const s of this.servers) {
            let pick = -1;
            for (const i of s.tasks) {
                if (this.start[i].length === 0) continue;
                if (pick < 0 || this.level[i] < this.level[pick]) pick = i;
            }
            if (pick >= 0) blockers.add(pick);
        }
        return blockers;
    }
}
