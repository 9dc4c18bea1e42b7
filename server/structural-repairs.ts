/**
 * Repairs for structural errors that have an obvious one: a missing unit (the unit of that kind the file already uses),
 * a region off the page grid (the next page boundary), a core another cell owns (a free core), a region overlapping
 * another (the next address where it fits), a duplicate name (the first free `name_2`, `name_3`...). Each finds the
 * node the diagnostic underlines from its range, so it needs nothing but the diagnostic and the model.
 */
import { AstUtils, CstUtils, type AstNode, type LangiumDocument } from 'langium';
import type { Range } from 'vscode-languageserver';
import * as ast from '../language/generated/ast.js';
import { KIND_WORDS } from '../language/lowering/quantity-reader.js';
import { physicalSpan } from '../language/validation/isolation.js';
import type { Cell, MemoryRegion } from '../simulator/model/types.js';
import { UNITS, type UnitKind } from '../simulator/model/units.js';
import type { FixContext, ProposedFix } from './analysis-fixes.js';
import { defined, intSetText, replaceNode } from './text-edits.js';
import { formatInUnitOf } from './unit-choice.js';

export type RepairCode = 'missing-unit' | 'region-alignment' | 'core-conflict' | 'memory-overlap' | 'duplicate-name';
export const REPAIRABLE: ReadonlySet<string> = new Set<RepairCode>(['missing-unit', 'region-alignment', 'core-conflict', 'memory-overlap', 'duplicate-name']);

/** The unit each kind gets when the file has none of that kind yet. */
const DEFAULT_UNIT: Readonly<Record<UnitKind, string>> = { time: 'ms', size: 'KiB', bandwidth: 'MB/s', frequency: 'MHz', events: 'events', refills: 'refills' };

export function structuralRepair(code: string, range: Range, message: string, document: LangiumDocument, ctx: FixContext): ProposedFix | undefined {
    const node = nodeAt(document, range);
    if (!node) return undefined;
    switch (code as RepairCode) {
        case 'missing-unit': return missingUnit(node, message, document);
        case 'region-alignment': return alignRegion(node, message, ctx);
        case 'core-conflict': return freeCore(node, message, ctx);
        case 'memory-overlap': return nextFreeAddress(node, ctx);
        case 'duplicate-name': return renameDuplicate(node);
        default: return undefined;
    }
}

/** The innermost AST node at the start of the diagnostic's range. */
function nodeAt(document: LangiumDocument, range: Range): AstNode | undefined {
    const root = document.parseResult.value.$cstNode;
    if (!root || !range?.start) return undefined;
    return CstUtils.findLeafNodeAtOffset(root, document.textDocument.offsetAt(range.start))?.astNode;
}

function missingUnit(node: AstNode, message: string, document: LangiumDocument): ProposedFix | undefined {
    const quantity = AstUtils.getContainerOfType(node, ast.isQuantity);
    const end = quantity?.$cstNode?.range.end;
    if (!quantity || quantity.unit || !end) return undefined;
    // The message names the kinds that fit (quantity-reader's words); the first one is what the attribute takes.
    const kind = (Object.keys(KIND_WORDS) as UnitKind[]).find((k) => message.includes(KIND_WORDS[k]));
    if (!kind) return undefined;
    const unit = mostUsedUnit(document, kind) ?? DEFAULT_UNIT[kind];
    return { title: `Add the unit '${unit}' (${KIND_WORDS[kind].replace(/ \(.*/, '')} in the unit this file uses most)`, edits: [{ range: { start: end, end }, newText: ` ${unit}` }], preferred: true };
}

function mostUsedUnit(document: LangiumDocument, kind: UnitKind): string | undefined {
    const counts = new Map<string, number>();
    for (const node of AstUtils.streamAllContents(document.parseResult.value)) {
        if (ast.isQuantity(node) && node.unit && UNITS[node.unit]?.kind === kind) counts.set(node.unit, (counts.get(node.unit) ?? 0) + 1);
    }
    return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

function regionOf(node: AstNode, ctx: FixContext): { region: MemoryRegion; cell: Cell; regionNode: ast.MemoryRegion } | undefined {
    const regionNode = AstUtils.getContainerOfType(node, ast.isMemoryRegion);
    if (!regionNode) return undefined;
    for (const cell of ctx.model.cells) {
        const region = cell.memory.find((r) => ctx.index.nodeOf(r) === regionNode);
        if (region) return { region, cell, regionNode };
    }
    return undefined;
}

function alignUp(value: number, page: number): number {
    return Math.ceil(value / page) * page;
}

/** `0x8_1000_1000` when the user groups hex digits with `_`, else `0x810001000`. */
function hexLike(original: string | undefined, value: number): string {
    const digits = value.toString(16);
    if (!original?.includes('_')) return `0x${digits}`;
    const groups: string[] = [];
    for (let end = digits.length; end > 0; end -= 4) groups.unshift(digits.slice(Math.max(0, end - 4), end));
    return `0x${groups.join('_')}`;
}

function alignRegion(node: AstNode, message: string, ctx: FixContext): ProposedFix | undefined {
    const found = regionOf(node, ctx);
    const page = ctx.model.platform.pageSize;
    if (!found || page <= 0) return undefined;
    const { region, regionNode } = found;
    if (message.startsWith('The size ')) {
        const text = formatInUnitOf(regionNode.size.unit, alignUp(region.size, page), 'size');
        return { title: `Round the size of '${region.name}' up to ${text} (whole pages)`, edits: defined([replaceNode(regionNode.size, text)]), preferred: true };
    }
    const guest = message.startsWith('The guest address ');
    const value = alignUp(guest ? region.virt : region.phys, page);
    const original = guest ? regionNode.virt : regionNode.phys;
    const edit = original === undefined ? undefined : replaceNumberAfter(regionNode, guest ? 'guest' : 'at', hexLike(original, value), original);
    return edit ? { title: `Move the ${guest ? 'guest address' : 'start'} of '${region.name}' to the next page boundary, ${hexLike(original, value)}`, edits: [edit], preferred: true } : undefined;
}

/**
 * Replaces the number after `keyword` (`at 0x…`, `guest 0x…` of a region, `core N` of a VCPU): such numbers are not
 * nodes of their own. `expected`, when given, must be the number's text (else nothing is replaced).
 */
function replaceNumberAfter(node: AstNode, keyword: string, text: string, expected?: string) {
    const cst = node.$cstNode;
    if (!cst) return undefined;
    const leaves = [...CstUtils.flattenCst(cst)];
    const at = leaves.findIndex((leaf) => leaf.text === keyword);
    const number = at >= 0 ? leaves[at + 1] : undefined;
    return number && (expected === undefined || number.text === expected) ? { range: number.range, newText: text } : undefined;
}

function freeCore(node: AstNode, message: string, ctx: FixContext): ProposedFix | undefined {
    const cores = ctx.model.platform.cores;
    const broker = ctx.model.hypervisor.broker;
    const owned = new Set<number>(ctx.model.cells.flatMap((c) => c.cores));
    if (broker?.mode === 'dedicated' && broker.core !== undefined) owned.add(broker.core);
    const vcpuNode = AstUtils.getContainerOfType(node, ast.isVcpu);
    if (vcpuNode) {
        // A VCPU needs a core no cell owns; one without other VCPUs first.
        const shared = new Set(ctx.model.cells.flatMap((c) => c.vcpus.map((v) => v.core)));
        const candidates = [...Array(cores).keys()].filter((c) => !owned.has(c));
        const core = candidates.find((c) => !shared.has(c)) ?? candidates[0];
        if (core === undefined) return undefined;
        const edit = replaceNumberAfter(vcpuNode, 'core', String(core));
        return edit ? { title: `Put VCPU '${vcpuNode.name}' on core ${core} (no cell owns it)`, edits: [edit], preferred: true } : undefined;
    }
    const member = AstUtils.getContainerOfType(node, ast.isCoresMember);
    const cellNode = member && AstUtils.getContainerOfType(member, ast.isCell);
    const cell = cellNode && ctx.model.cells.find((c) => ctx.index.nodeOf(c) === cellNode);
    const taken = /^Core (\d+) /.exec(message);
    if (!member || !cell || !taken) return undefined;
    const conflict = Number(taken[1]);
    const others = new Set<number>(ctx.model.cells.filter((c) => c !== cell).flatMap((c) => [...c.cores, ...c.vcpus.map((v) => v.core)]));
    if (broker?.mode === 'dedicated' && broker.core !== undefined) others.add(broker.core);
    const free = [...Array(cores).keys()].find((c) => !others.has(c) && !cell.cores.includes(c));
    if (free === undefined) return undefined;
    const next = intSetText(cell.cores.map((c) => (c === conflict ? free : c)));
    return { title: `Give cell '${cell.name}' core ${free} instead of ${conflict} (a core no other cell uses)`, edits: defined([replaceNode(member.cores, next)]), preferred: true };
}

function nextFreeAddress(node: AstNode, ctx: FixContext): ProposedFix | undefined {
    const found = regionOf(node, ctx);
    const page = ctx.model.platform.pageSize;
    if (!found || page <= 0) return undefined;
    const { region, cell, regionNode } = found;
    const span = physicalSpan(region, cell, ctx.model.platform);
    const others = ctx.model.cells.flatMap((c) => c.memory.filter((r) => r !== region && r.size > 0).map((r) => ({ start: r.phys, end: r.phys + physicalSpan(r, c, ctx.model.platform) })));
    let start = alignUp(region.phys, page);
    // Past every region in the way, lowest first: at most one step per region.
    for (let guard = 0; guard <= others.length; guard++) {
        const blocking = others.filter((o) => o.start < start + span && start < o.end);
        if (blocking.length === 0) break;
        start = alignUp(Math.max(...blocking.map((o) => o.end)), page);
    }
    if (start === region.phys) return undefined;
    const text = hexLike(regionNode.phys, start);
    const edit = replaceNumberAfter(regionNode, 'at', text, regionNode.phys);
    return edit ? { title: `Move region '${region.name}' to ${text}, the next address where it overlaps no other region`, edits: [edit], preferred: true } : undefined;
}

function renameDuplicate(node: AstNode): ProposedFix | undefined {
    const named = AstUtils.getContainerOfType(node, (n): n is AstNode & { name: string } => typeof (n as { name?: unknown }).name === 'string');
    const cst = named?.$cstNode;
    if (!named || !cst) return undefined;
    // Names in the same scope: siblings in the container's lists (cells and flows of the document, members of a cell).
    const container = named.$container;
    const siblings = new Set<string>();
    if (container) {
        for (const child of AstUtils.streamContents(container)) {
            const name = (child as { name?: unknown }).name;
            if (typeof name === 'string') siblings.add(name);
        }
    }
    let k = 2;
    while (siblings.has(`${named.name}_${k}`)) k++;
    const renamed = `${named.name}_${k}`;
    const leaf = [...CstUtils.flattenCst(cst)].find((l) => l.text === named.name);
    return leaf ? { title: `Rename this '${named.name}' to '${renamed}'`, edits: [{ range: leaf.range, newText: renamed }], preferred: true } : undefined;
}
