/**
 * Lowering of shared resources and critical sections (docs/semantics.md §9): `resource NAME` in a cell (local) or at
 * top level with `shared with` (global), and `uses NAME for LENGTH` in a task. A section names its resource; the name
 * is looked up in the task's cell first, then among the global resources, and every way that lookup or the section
 * can be wrong is reported at the text that causes it.
 */
import * as ast from '../generated/ast.js';
import type { Cell, CriticalSection, Resource, SourceRange, Task } from '../../simulator/model/types.js';
import { formatTime } from '../../simulator/model/units.js';
import type { ProblemSink } from './problems.js';
import type { QuantityReader } from './quantity-reader.js';
import type { AstNode } from 'langium';
import type { ElementLinker } from './source-range.js';

type Src = (node: AstNode | undefined) => SourceRange | undefined;

/** The top-level resources. A missing `shared with` list is an error: a global resource says who shares it. */
export function lowerGlobalResources(doc: ast.Document, report: ProblemSink, index: ElementLinker, src: Src): Resource[] {
    // A declaration without its name (parser recovery) already has its syntax error: nothing to add.
    return doc.resources.filter((decl) => !!decl.name).map((decl) => {
        if (decl.cells.length === 0) {
            report({
                severity: 'error', code: 'resource-without-cells', node: decl, property: 'name',
                message: `Resource '${decl.name}' is declared at top level, so it is shared between cells: name them with 'shared with CELL, CELL' (or declare it inside the one cell that uses it)`,
            });
        }
        const cells: string[] = [];
        for (const ref of decl.cells) {
            const name = ref.ref?.name ?? ref.$refText;
            if (name && !cells.includes(name)) cells.push(name);
        }
        const resource: Resource = { name: decl.name, scope: 'global', cells, source: src(decl) };
        return index.link(resource, decl);
    });
}

/** The resources declared inside a cell. */
export function lowerCellResources(decl: ast.Cell, index: ElementLinker, src: Src): Resource[] {
    const out: Resource[] = [];
    for (const member of decl.members) {
        if (!ast.isCellResource(member) || !member.name) continue;
        out.push(index.link({ name: member.name, scope: 'local', cells: [decl.name], source: src(member) } as Resource, member));
    }
    return out;
}

/**
 * The critical sections of one task, in the order written. Checks: the resource exists (in the cell or globally),
 * a global one lists the task's cell, the cell schedules by fixed priority when the resource is global (MPCP), the
 * length is a positive time, and the sections together fit in the WCET.
 */
export function lowerSections(
    decl: ast.Task, task: Task, cell: Cell, globals: readonly Resource[], reader: QuantityReader, report: ProblemSink,
    index: ElementLinker, src: Src, nodes: Map<CriticalSection, AstNode>,
): CriticalSection[] {
    const sections: CriticalSection[] = [];
    let total = 0;
    for (const attr of decl.attrs) {
        if (!ast.isCriticalSectionAttr(attr)) continue;
        const length = reader.readKind(attr.length, 'time');
        if (length === undefined) continue;
        if (length <= 0) {
            report({ severity: 'error', code: 'empty-section', node: attr, property: 'length', message: `A critical section holds its resource for some time: ${formatTime(length)} is not positive` });
            continue;
        }
        const name = attr.resource?.$refText;
        if (!name) continue; // parser recovery: the syntax error says what is missing
        const local = cell.resources?.find((r) => r.name === name);
        const global = local ? undefined : globals.find((r) => r.name === name);
        if (!local && !global) {
            const known = [...new Set([...(cell.resources ?? []).map((r) => r.name), ...globals.filter((g) => g.cells.includes(cell.name)).map((r) => r.name)])];
            report({
                severity: 'error', code: 'unknown-resource', node: attr, property: 'resource',
                message: `Unknown resource '${name}': ${known.length > 0 ? `task '${task.name}' can use ${known.join(', ')}` : `cell '${cell.name}' can use no resource`} ` +
                    `(declare 'resource ${name}' in cell '${cell.name}', or at top level with 'shared with ${cell.name}, ...')`,
            });
            continue;
        }
        if (global && !global.cells.includes(cell.name)) {
            report({
                severity: 'error', code: 'resource-not-shared', node: attr, property: 'resource',
                message: `Resource '${name}' is shared with ${global.cells.join(', ') || 'no cell'}, not with cell '${cell.name}': add '${cell.name}' to its 'shared with' list`,
            });
            continue;
        }
        if (global && cell.scheduler !== 'fixed-priority') {
            report({
                severity: 'error', code: 'global-resource-edf', node: attr, property: 'resource',
                message: `Resource '${name}' is global, and global resources follow MPCP, which needs fixed priorities: cell '${cell.name}' schedules by EDF (use a resource local to the cell, or 'scheduler fixed-priority')`,
            });
            continue;
        }
        total += length;
        if (total > task.wcet) {
            report({
                severity: 'error', code: 'section-too-long', node: attr, property: 'length',
                message: sections.length === 0
                    ? `This critical section (${formatTime(length)}) is longer than the WCET of task '${task.name}' (${formatTime(task.wcet)}): a section is part of the job's execution`
                    : `The critical sections of task '${task.name}' take ${formatTime(total)} up to here, more than its WCET (${formatTime(task.wcet)}): sections are part of the job's execution`,
            });
            continue;
        }
        const section: CriticalSection = { resource: name, scope: local ? 'local' : 'global', length, source: src(attr) };
        sections.push(index.link(section, attr));
        nodes.set(section, attr);
    }
    return sections;
}

/**
 * A local resource is arbitrated by one scheduler (SRP): every task using it must run on the same core or VCPU.
 * Reports each section that uses it from another place than the first user.
 */
export function checkLocalPlacement(cell: Cell, nodes: ReadonlyMap<CriticalSection, AstNode>, report: ProblemSink): void {
    const firstUser = new Map<string, Task>();
    for (const task of cell.tasks) {
        for (const section of task.sections ?? []) {
            if (section.scope !== 'local') continue;
            const first = firstUser.get(section.resource);
            if (!first) { firstUser.set(section.resource, task); continue; }
            const samePlace = first.placement.core === task.placement.core && first.placement.vcpu === task.placement.vcpu;
            const node = nodes.get(section);
            if (!samePlace && node) {
                report({
                    severity: 'error', code: 'local-resource-two-places', node, property: 'resource',
                    message: `Resource '${section.resource}' is local to cell '${cell.name}' and task '${first.name}' uses it on ${where(first)}, but task '${task.name}' runs on ${where(task)}: ` +
                        `a local resource serves one core or VCPU; to share it across them, declare it at top level ('resource ${section.resource} shared with ${cell.name}')`,
                });
            }
        }
    }
}

function where(task: Task): string {
    return task.placement.vcpu ? `VCPU ${task.placement.vcpu}` : `core ${task.placement.core}`;
}
