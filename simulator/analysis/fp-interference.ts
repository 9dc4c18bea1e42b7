/**
 * The interference sum of fixed-priority response-time analysis, Σ_j ⌈(t + J_j)/T_j⌉·C_j over the more urgent tasks j
 * (and the refills Σ_j ⌈(t + J_j)/T_j⌉·m_j of the same jobs), for a group whose more urgent set grows one priority level
 * at a time (tasks.ts analyses the levels from the most urgent down).
 *
 * Every fixed-point step asks this sum, so it dominated the analysis (issue 17: 1,000 tasks with log-uniform periods,
 * the sum over ~500 tasks at each of ~4,000 steps). These make it cheap without changing a single value:
 * - Typed arrays instead of task objects, and no closure or allocation per step.
 * - The quotient ⌈(t + J)/T⌉ estimated by a product with 1/T and checked by two exact products (a division per term
 *   was the slowest part).
 * - A task whose T_j − J_j ≥ t has exactly one job in the window (0 < t + J_j ≤ T_j), so its term is C_j: the sum is
 *   a running total of the members' C_j plus (n_j − 1)·C_j over the members with T_j − J_j < t only (the tasks with
 *   short periods). The tasks are kept sorted by T_j − J_j, so those are a prefix; a step goes through whichever is
 *   shorter, that prefix or the member list.
 * - The window of the last sum is remembered: the step that confirms a fixed point is asked again for its breakdown.
 *
 * Exactness: all values are integers. Under the table's preconditions (safe-integer periods > 0 and jitters ≥ 0 below
 * 2^51, WCETs at most MAX_TIME, Σ C_j and Σ m_j of all tasks below 2^52) every running total is exact. A sum is
 * returned only when it is at most MAX_TIME (so no term is one that `mulCapped` caps to Infinity) and its refills are
 * below 2^52: every partial sum of non-negative integers is then exact, so it equals the task-by-task sum in any order.
 * Otherwise `sum` answers undefined and the caller sums task by task in its own order, as before (the demand is then
 * far above any horizon anyway). So the fixed points, and every number derived from them, are unchanged
 * (scripts/analysis-hash.ts checks it on a thousand generated systems and the bench shapes).
 */
import { ceilDivInt, MAX_TIME } from './arith.js';
import type { RtaTask } from './fp-rta.js';

/** Below this, sums of non-negative integers are exact whatever the order (2^52: one bit of headroom for a last add). */
export const EXACT_SUMS = 2 ** 52;

/** Periods, jitters and windows below 2^51: t + J and n·T stay below 2^53, so every product and quotient is exact. */
const LARGEST_INPUT = 2 ** 51;

export class FpInterference {
    /** Slots in ascending order of T − J (the last window length with a single job); `slotOf[task]` is a task's slot. */
    private readonly slotOf: Int32Array;
    private readonly key: Float64Array;
    private readonly period: Float64Array;
    /** 1/T, for the estimate of ⌈(t + J)/T⌉ (see `sum`). */
    private readonly inversePeriod: Float64Array;
    private readonly jitter: Float64Array;
    private readonly wcet: Float64Array;
    private readonly refillsPerJob: Float64Array;
    private readonly member: Uint8Array;
    /** The member slots, in no particular order (`listIndex[slot]` is a member's place in it). */
    private readonly list: Int32Array;
    private readonly listIndex: Int32Array;
    private readonly anyRefills: boolean;
    private size = 0;
    private memberWcet = 0;
    private memberRefills = 0;
    private withWork = 0;
    /** Σ n_j·m_j of the last `sum` that answered. */
    refills = 0;
    /** The window and the answer of the last `sum` (the step that confirms a fixed point is asked again for its split). */
    private lastWindow = NaN;
    private lastTotal: number | undefined;

    private constructor(tasks: readonly RtaTask[]) {
        const n = tasks.length;
        const order = Array.from({ length: n }, (_, k) => k).sort((a, b) => (tasks[a].period - tasks[a].jitter) - (tasks[b].period - tasks[b].jitter) || a - b);
        this.slotOf = new Int32Array(n);
        this.key = new Float64Array(n);
        this.period = new Float64Array(n);
        this.inversePeriod = new Float64Array(n);
        this.jitter = new Float64Array(n);
        this.wcet = new Float64Array(n);
        this.refillsPerJob = new Float64Array(n);
        this.member = new Uint8Array(n);
        this.list = new Int32Array(n);
        this.listIndex = new Int32Array(n);
        order.forEach((k, slot) => {
            const t = tasks[k];
            this.slotOf[k] = slot;
            this.key[slot] = t.period - t.jitter;
            this.period[slot] = t.period;
            this.inversePeriod[slot] = 1 / t.period;
            this.jitter[slot] = t.jitter;
            this.wcet[slot] = t.wcet;
            this.refillsPerJob[slot] = t.refills ?? 0;
        });
        this.anyRefills = tasks.some((t) => (t.refills ?? 0) > 0);
    }

    /** The table of `tasks` (indices as in that array; no member yet), or undefined when its preconditions fail. */
    static of(tasks: readonly RtaTask[]): FpInterference | undefined {
        let wcet = 0;
        let refills = 0;
        for (const t of tasks) {
            const r = t.refills ?? 0;
            if (!(Number.isSafeInteger(t.period) && t.period > 0 && t.period < LARGEST_INPUT && Number.isSafeInteger(t.jitter) && t.jitter >= 0 && t.jitter < LARGEST_INPUT
                && Number.isSafeInteger(t.wcet) && t.wcet >= 0 && t.wcet <= MAX_TIME && Number.isSafeInteger(r) && r >= 0)) return undefined;
            wcet += t.wcet;
            refills += r;
        }
        if (!(wcet < EXACT_SUMS && refills < EXACT_SUMS)) return undefined;
        return new FpInterference(tasks);
    }

    /** Number of members (the count a step charges to a search, as the task-by-task sum did). */
    get count(): number {
        return this.size;
    }

    /** Members with a positive WCET: those with a job in any window of length ≥ 1 (jitters are ≥ 0). */
    get membersWithWork(): number {
        return this.withWork;
    }

    include(task: number): void {
        const slot = this.slotOf[task];
        if (this.member[slot]) return;
        this.lastWindow = NaN;
        this.member[slot] = 1;
        this.listIndex[slot] = this.size;
        this.list[this.size++] = slot;
        this.memberWcet += this.wcet[slot];
        this.memberRefills += this.refillsPerJob[slot];
        if (this.wcet[slot] > 0) this.withWork++;
    }

    exclude(task: number): void {
        const slot = this.slotOf[task];
        if (!this.member[slot]) return;
        this.lastWindow = NaN;
        this.member[slot] = 0;
        const at = this.listIndex[slot];
        const last = this.list[--this.size];
        this.list[at] = last;
        this.listIndex[last] = at;
        this.memberWcet -= this.wcet[slot];
        this.memberRefills -= this.refillsPerJob[slot];
        if (this.wcet[slot] > 0) this.withWork--;
    }

    /**
     * Σ over the members of mulCapped(⌈(t + J_j)/T_j⌉, C_j), with `refills` set to Σ ⌈(t + J_j)/T_j⌉·m_j; undefined
     * when the sum could be inexact (see the module comment) or t < 1 (then a job need not arrive at all).
     */
    sum(t: number): number | undefined {
        if (t === this.lastWindow) return this.lastTotal;
        const total = this.sumAt(t);
        this.lastWindow = t;
        this.lastTotal = total;
        return total;
    }

    private sumAt(t: number): number | undefined {
        if (!(t >= 1 && t < LARGEST_INPUT)) return undefined;
        const below = this.firstKeyAtLeast(t);
        const { member, period, inversePeriod, jitter, wcet, refillsPerJob, anyRefills } = this;
        let total = 0;
        let refills = 0;
        // n = ⌈(t + J)/T⌉ below, exactly as `arrivalsBefore` has it (t + J ≥ 1, so n ≥ 1): estimated with 1/T (a product
        // is much faster than a division), kept when (n − 1)·T < t + J ≤ n·T (products of integers below 2^53: exact),
        // else computed as `arrivalsBefore` does.
        if (below <= this.size) {
            // Every member has one job or more: the members' total, plus the further jobs of those with T − J < t.
            total = this.memberWcet;
            refills = this.memberRefills;
            for (let s = 0; s < below; s++) {
                if (member[s] === 0) continue;
                const a = t + jitter[s];
                const T = period[s];
                let n = Math.ceil(a * inversePeriod[s]);
                const nT = n * T;
                if (nT < a || nT - T >= a) n = ceilDivInt(a, T);
                total += (n - 1) * wcet[s];
                if (anyRefills) refills += (n - 1) * refillsPerJob[s];
            }
        } else {
            const { list } = this;
            for (let k = 0; k < this.size; k++) {
                const s = list[k];
                const a = t + jitter[s];
                const T = period[s];
                let n = Math.ceil(a * inversePeriod[s]);
                const nT = n * T;
                if (nT < a || nT - T >= a) n = ceilDivInt(a, T);
                total += n * wcet[s];
                if (anyRefills) refills += n * refillsPerJob[s];
            }
        }
        // At most MAX_TIME: then no term n·C was above it, so none is one that `mulCapped` answers with Infinity.
        if (!(total <= MAX_TIME && refills < EXACT_SUMS)) return undefined;
        this.refills = refills;
        return total;
    }

    /** The number of slots whose T − J is below t (keys ascending). */
    private firstKeyAtLeast(t: number): number {
        let lo = 0;
        let hi = this.key.length;
        while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if (this.key[mid] >= t) hi = mid; else lo = mid + 1;
        }
        return lo;
    }
}
