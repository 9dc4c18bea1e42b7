/**
 * Adversarial VCPU phases (docs/semantics.md §1, docs/trace-format.md "Scenarios"). The VCPUs of a core are
 * rate-monotonic polling servers; where each one's budget falls in its period depends on the phases of the more urgent
 * ones. The analysis bounds every phasing (the periodic resource model lets Θ fall anywhere in each period: a blackout
 * of up to 2(Π − Θ)); the synchronous phasing (all released at 0) often shows far less. This module picks, for each
 * VCPU but the most urgent (whose budget always comes at the start of its period, whatever the phases), the phase
 * that gives it the longest blackout, and says where that blackout starts, so the scenario can release the VCPU's
 * tasks there.
 *
 * A VCPU with phase φ > 0 starts the run inside a period that began at φ − Π, with its full budget, and is released
 * at φ and every Π after. (Any supply it gets in [0, φ) is extra: each later period still gives exactly Θ, the
 * pattern the analysis bounds.) Pure and deterministic: the phases depend on the budgets and periods only.
 */

/** One VCPU of a core, in the core's rate-monotonic order (most urgent first). */
export interface PhasedVcpu {
    index: number;
    budget: number;
    period: number;
}

export interface VcpuPhasePlan {
    /** Phase of each VCPU by server index (0 when absent). */
    phase: Map<number, number>;
    /** Start of each VCPU's longest blackout in the run (the end of a budget), by server index. */
    blackoutStart: Map<number, number>;
    /**
     * Every start of a blackout of that longest length within the schedule played (HORIZON_PERIODS of the core's
     * longest period), ascending, by server index; `playedUntil` is where that schedule ends.
     */
    longestStarts: Map<number, number[]>;
    playedUntil: Map<number, number>;
}

/** Candidate phases tried per VCPU: Π·j/PHASE_STEPS for j in [0, PHASE_STEPS). */
const PHASE_STEPS = 32;
/** The schedule is played over at most this many of the core's longest periods (the pattern repeats with the lcm). */
const HORIZON_PERIODS = 40;

/** A plan with no VCPU yet (`adversarialVcpuPhases` adds one core's VCPUs to a plan, by server index). */
export function emptyVcpuPhasePlan(): VcpuPhasePlan {
    return { phase: new Map(), blackoutStart: new Map(), longestStarts: new Map(), playedUntil: new Map() };
}

/**
 * Phases chosen greedily in rate-monotonic order: a VCPU's blackouts depend only on the more urgent VCPUs (already
 * placed), so each one gets the phase that maximises its own longest blackout (the smallest such phase on ties).
 */
export function adversarialVcpuPhases(vcpus: readonly PhasedVcpu[], plan: VcpuPhasePlan = emptyVcpuPhasePlan()): VcpuPhasePlan {
    const phases = vcpus.map(() => 0);
    for (let k = 1; k < vcpus.length; k++) {
        const v = vcpus[k];
        if (v.budget <= 0 || v.budget >= v.period) continue;
        let best = -1;
        let bestPhase = 0;
        for (let j = 0; j < PHASE_STEPS; j++) {
            phases[k] = Math.floor((v.period * j) / PHASE_STEPS);
            const gap = longestBlackouts(vcpus.slice(0, k + 1), phases)[k].length;
            if (gap > best) {
                best = gap;
                bestPhase = phases[k];
            }
        }
        phases[k] = bestPhase;
    }
    const gaps = longestBlackouts(vcpus, phases);
    const until = HORIZON_PERIODS * Math.max(...vcpus.map((v) => v.period));
    vcpus.forEach((v, k) => {
        plan.phase.set(v.index, phases[k]);
        plan.playedUntil.set(v.index, until);
        if (gaps[k].length > 0) {
            plan.blackoutStart.set(v.index, gaps[k].start);
            plan.longestStarts.set(v.index, gaps[k].starts);
        }
    });
    return plan;
}

/**
 * Plays the polling servers (the semantics' rule: the most urgent VCPU with budget left runs, and spends it whether or
 * not its guest has work) and returns each VCPU's longest interval without the core, between two of its budgets.
 */
function longestBlackouts(vcpus: readonly PhasedVcpu[], phases: readonly number[]): { start: number; length: number; starts: number[] }[] {
    const n = vcpus.length;
    const remaining = vcpus.map((v) => Math.min(v.budget, v.period));
    const nextRelease = vcpus.map((v, k) => (phases[k] > 0 ? phases[k] : v.period));
    const lastEnd = vcpus.map(() => -1);
    const running = vcpus.map(() => false);
    const gaps = vcpus.map(() => ({ start: -1, length: 0, starts: [] as number[] }));
    const horizon = HORIZON_PERIODS * Math.max(...vcpus.map((v) => v.period));
    let t = 0;
    while (t < horizon) {
        let active = -1;
        for (let k = 0; k < n; k++) if (remaining[k] > 0) { active = k; break; }
        let release = Infinity;
        for (let k = 0; k < n; k++) release = Math.min(release, nextRelease[k]);
        for (let k = 0; k < n; k++) {
            if (k === active && !running[k]) {
                if (lastEnd[k] >= 0 && t - lastEnd[k] > gaps[k].length) gaps[k] = { start: lastEnd[k], length: t - lastEnd[k], starts: [lastEnd[k]] };
                else if (lastEnd[k] >= 0 && t - lastEnd[k] === gaps[k].length) gaps[k].starts.push(lastEnd[k]);
                running[k] = true;
            } else if (k !== active && running[k]) {
                lastEnd[k] = t;
                running[k] = false;
            }
        }
        const until = active < 0 ? release : Math.min(t + remaining[active], release);
        if (active >= 0) remaining[active] -= until - t;
        t = until;
        for (let k = 0; k < n; k++) {
            if (nextRelease[k] === t) {
                remaining[k] = Math.min(vcpus[k].budget, vcpus[k].period); // polling: unused budget is lost
                nextRelease[k] += vcpus[k].period;
            }
        }
    }
    return gaps;
}
