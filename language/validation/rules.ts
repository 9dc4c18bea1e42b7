/** Every structural rule, in the order their diagnostics read best. */
import { bandwidthFits } from './bandwidth.js';
import { colorAndBankIsolation, memoryIsolation, pageAlignment } from './isolation.js';
import { jailhouseMemory } from './jailhouse-memory.js';
import { uniqueNames } from './names.js';
import { coreOwnership, vcpuCapacity } from './ownership.js';
import { deadlineWithinPeriod, platformRanges, positiveValues } from './ranges.js';
import type { Rule } from './rule-context.js';
import { cellHasCpu, flowEndpoints, rootCell } from './structure.js';

export const STRUCTURAL_RULES: readonly Rule[] = [
    uniqueNames,
    rootCell,
    cellHasCpu,
    flowEndpoints,
    platformRanges,
    positiveValues,
    coreOwnership,
    vcpuCapacity,
    colorAndBankIsolation,
    memoryIsolation,
    pageAlignment,
    jailhouseMemory,
    bandwidthFits,
    deadlineWithinPeriod,
];
