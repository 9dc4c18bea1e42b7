/**
 * Who counts against the guaranteed DRAM bandwidth (docs/semantics.md §7): every core's MemGuard budget (a time-shared
 * core with the largest budget of the cells on it) plus the broker's DMA budget. One definition for the structural
 * rule, the quick-fix that scales budgets down, and the analysis's memory result.
 */
import { coresOfCell } from './cell-cores.js';
import type { Cell, DmaBudget, MemBudget, SystemModel } from './types.js';

export interface CoreBudgetShare {
    core: number;
    /** The cell whose budget counts for this core. */
    cell: Cell;
    budget: MemBudget;
}

export interface BandwidthShares {
    /** One entry per regulated core, by core number. */
    cores: CoreBudgetShare[];
    dma?: DmaBudget;
    /** Sum of the core shares and the DMA budget, bytes/s. */
    total: number;
}

export function bandwidthShares(model: SystemModel): BandwidthShares {
    const perCore = new Map<number, CoreBudgetShare>();
    for (const cell of model.cells) {
        if (!cell.budget) continue;
        for (const core of coresOfCell(cell)) {
            // A core the platform does not have regulates nothing (that cell already has its own error).
            if (core >= model.platform.cores) continue;
            const current = perCore.get(core);
            // Strictly larger: on a tie the cell declared first keeps the share.
            if (!current || current.budget.bytesPerSecond < cell.budget.bytesPerSecond) perCore.set(core, { core, cell, budget: cell.budget });
        }
    }
    const cores = [...perCore.values()].sort((a, b) => a.core - b.core);
    const dma = model.hypervisor.broker?.dmaBudget;
    const total = cores.reduce((sum, s) => sum + s.budget.bytesPerSecond, 0) + (dma?.bytesPerSecond ?? 0);
    return { cores, ...(dma ? { dma } : {}), total };
}
