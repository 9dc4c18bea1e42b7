/**
 * Lowering: the AST of one document becomes a SystemModel with presets and defaults applied and every number exact.
 *
 * Lowering is total: it always returns a model, filling what is missing or wrong with neutral values, and reports each
 * problem at the text that causes it. Validation rules then run on that model, so a half-typed document still gets
 * every diagnostic that makes sense. Consumers that need a trustworthy model (analysis, simulation, export) take it
 * only when no error was reported (see load.ts).
 */
import type { AstNode } from 'langium';
import * as ast from '../generated/ast.js';
import type {
    Broker, Cell, DmaBudget, Flow, Hypervisor, IrqEvent, MemBudget, MemoryRegion, Placement, Platform, RegionFlag,
    SchedulerKind, SystemModel, Task, Vcpu, CriticalSection, Resource,
} from '../../simulator/model/types.js';
import {
    DEFAULT_BROKER_DMA, DEFAULT_CHUNK_SIZE, DEFAULT_MEMGUARD_PERIOD_NS, PLATFORM_PRESETS, defaultOverheads, deriveColors,
    zcu102Preset,
} from '../../simulator/model/presets.js';
import { bandwidthToEvents, bytesPerPeriod, ceilDiv, eventsToBandwidth } from '../../simulator/model/units.js';
import type { Problem, ProblemSink } from './problems.js';
import { QuantityReader } from './quantity-reader.js';
import { ModelIndex, sourceOf, type ElementLinker } from './source-range.js';
import type { DeclarationReuse } from './declaration-reuse.js';
import { assignDefaultPriorities } from './default-priorities.js';
import { checkLocalPlacement, lowerCellResources, lowerGlobalResources, lowerSections } from './lower-resources.js';

export interface LoweringResult {
    model: SystemModel;
    problems: Problem[];
    index: ModelIndex;
}

/** Expands `0..3`, `{0, 2, 5..7}` into a sorted list without duplicates. */
export function expandIntSet(set: ast.IntSet | undefined, reader: QuantityReader, report: ProblemSink): number[] {
    const values = new Set<number>();
    for (const item of set?.items ?? []) {
        const from = reader.readInteger(item.from, item, 'from');
        const to = item.to !== undefined ? reader.readInteger(item.to, item, 'to') : from;
        if (from === undefined || to === undefined) continue;
        if (to < from) {
            report({ severity: 'error', code: 'bad-range', node: item, message: `range ${from}..${to} is empty: write the smaller bound first` });
            continue;
        }
        if (to - from > 4096) {
            report({ severity: 'error', code: 'bad-range', node: item, message: `range ${from}..${to} is too large` });
            continue;
        }
        for (let v = from; v <= to; v++) values.add(v);
    }
    return [...values].sort((a, b) => a - b);
}

/**
 * Lowers a document. With `reuse`, cells and flows whose declarations the last edit did not touch are taken from the
 * previous lowering (declaration-reuse.ts).
 */
export function lowerDocument(doc: ast.Document, uri?: string, reuse?: DeclarationReuse): LoweringResult {
    const problems: Problem[] = [];
    const report: ProblemSink = (p) => problems.push(p);
    const reader = new QuantityReader(report);
    const index = new ModelIndex();
    const src = (node: AstNode | undefined) => sourceOf(node, uri);

    const platform = lowerPlatform(doc, reader, report, index, src);
    const hypervisor = lowerHypervisor(doc, platform, reader, report, index, src);
    const resources = lowerGlobalResources(doc, report, index, src);
    // What a cell or flow reads besides its own declaration (a cell's tasks read the global resources).
    const context = reuse ? JSON.stringify([uri, platform, hypervisor, resources]) : '';
    const lowerEach = <D extends AstNode, T extends object>(decls: readonly D[], lowerOne: (decl: D, reader: QuantityReader, report: ProblemSink, linker: ElementLinker) => T): T[] =>
        decls.map((decl) => (reuse
            ? reuse.lower(decl, context, report, index, (sink, linker) => lowerOne(decl, new QuantityReader(sink), sink, linker))
            : lowerOne(decl, reader, report, index)));
    const cells = lowerEach(doc.cells, (c, r, sink, linker) => lowerCell(c, platform, hypervisor, resources, r, sink, linker, src));
    const flows = lowerEach(doc.flows, (f, r, sink, linker) => lowerFlow(f, hypervisor, r, sink, linker, src));
    assignDefaultPriorities(cells, flows, index, report);

    const model: SystemModel = {
        name: doc.system?.name ?? baseName(uri) ?? 'system',
        platform,
        hypervisor,
        cells,
        flows,
        resources,
        source: src(doc.system ?? doc),
    };
    index.link(model, doc.system ?? doc);
    return { model, problems, index };
}

function baseName(uri: string | undefined): string | undefined {
    if (!uri) return undefined;
    const last = uri.split('/').pop() ?? uri;
    return last.replace(/\.rtcell$/, '') || undefined;
}

type Src = (node: AstNode | undefined) => ReturnType<typeof sourceOf>;

function lowerPlatform(doc: ast.Document, reader: QuantityReader, report: ProblemSink, index: ModelIndex, src: Src): Platform {
    const decl = doc.platforms[0];
    for (const extra of doc.platforms.slice(1)) {
        report({ severity: 'error', code: 'duplicate-declaration', node: extra, message: 'A system has one platform: merge this block into the first one' });
    }
    const systemPreset = doc.system?.preset;
    const declPreset = decl?.preset;
    if (systemPreset && declPreset && systemPreset !== declPreset && declPreset !== 'custom') {
        report({ severity: 'error', code: 'preset-mismatch', node: decl!, property: 'preset', message: `The platform block names '${declPreset}' but the system runs on '${systemPreset}'` });
    }
    const presetName = declPreset ?? systemPreset ?? 'zcu102';
    let platform: Platform;
    const factory = PLATFORM_PRESETS[presetName];
    if (factory) {
        platform = factory();
    } else {
        if (presetName !== 'custom') {
            const node = declPreset ? decl! : doc.system!;
            report({ severity: 'error', code: 'unknown-preset', node, property: 'preset', message: `Unknown platform '${presetName}': known presets are ${Object.keys(PLATFORM_PRESETS).join(', ')} (or 'custom', which starts from zcu102 values)` });
        }
        platform = { ...zcu102Preset(), preset: 'custom' };
    }
    let colorsOverridden = false;
    for (const prop of decl?.props ?? []) {
        if (ast.isPlatCores(prop)) {
            platform.cores = reader.readCount(prop.count) ?? platform.cores;
            if (prop.clock) platform.clockHz = reader.readKind(prop.clock, 'frequency') ?? platform.clockHz;
        } else if (ast.isPlatClock(prop)) {
            platform.clockHz = reader.readKind(prop.clock, 'frequency') ?? platform.clockHz;
        } else if (ast.isPlatLlc(prop)) {
            platform.llc.size = reader.readKind(prop.size, 'size') ?? platform.llc.size;
            colorsOverridden = true;
        } else if (ast.isPlatWays(prop)) {
            platform.llc.ways = reader.readCount(prop.ways) ?? platform.llc.ways;
            colorsOverridden = true;
        } else if (ast.isPlatLine(prop)) {
            platform.llc.lineSize = reader.readKind(prop.size, 'size') ?? platform.llc.lineSize;
        } else if (ast.isPlatPage(prop)) {
            platform.pageSize = reader.readKind(prop.size, 'size') ?? platform.pageSize;
            colorsOverridden = true;
        } else if (ast.isPlatDram(prop)) {
            platform.dram.size = reader.readKind(prop.size, 'size') ?? platform.dram.size;
        } else if (ast.isPlatBanks(prop)) {
            platform.dram.banks = reader.readCount(prop.count) ?? platform.dram.banks;
        } else if (ast.isPlatGuaranteed(prop)) {
            platform.dram.guaranteedBandwidth = reader.readKind(prop.bandwidth, 'bandwidth') ?? platform.dram.guaranteedBandwidth;
        } else if (ast.isPlatDma(prop)) {
            let engine = platform.dmaEngines.find((e) => e.name === prop.name);
            if (!engine) {
                engine = { name: prop.name, channels: 1, rate: 1_000_000_000 };
                if (prop.rate === undefined) {
                    report({ severity: 'warning', code: 'dma-default-rate', node: prop, property: 'name', message: `DMA engine '${prop.name}' is not part of the preset: give its rate (assumed 1 GB/s)` });
                }
                platform.dmaEngines.push(engine);
            }
            if (prop.channels) engine.channels = reader.readCount(prop.channels) ?? engine.channels;
            if (prop.rate) engine.rate = reader.readKind(prop.rate, 'bandwidth') ?? engine.rate;
            engine.source = src(prop);
            index.link(engine, prop);
        }
    }
    if (colorsOverridden || platform.colors === 0) {
        platform.colors = deriveColors(platform.llc.size, platform.llc.ways, platform.pageSize);
        const waySize = platform.llc.ways > 0 ? platform.llc.size / platform.llc.ways : 0;
        if (decl && (platform.colors < 1 || !Number.isInteger(waySize) || waySize % platform.pageSize !== 0)) {
            report({ severity: 'error', code: 'bad-cache-geometry', node: decl, message: `The LLC geometry gives no whole number of cache colors: way size (llc / ways) must be a multiple of the page size` });
        }
    }
    platform.source = src(decl ?? doc.system);
    if (decl) index.link(platform, decl);
    return platform;
}

function lowerHypervisor(doc: ast.Document, platform: Platform, reader: QuantityReader, report: ProblemSink, index: ModelIndex, src: Src): Hypervisor {
    const decl = doc.hypervisors[0];
    for (const extra of doc.hypervisors.slice(1)) {
        report({ severity: 'error', code: 'duplicate-declaration', node: extra, message: 'A system has one hypervisor block: merge this one into the first' });
    }
    if (decl && decl.kind !== 'jailhouse') {
        report({ severity: 'error', code: 'unknown-hypervisor', node: decl, property: 'kind', message: `Unknown hypervisor '${decl.kind}': rtcell models 'jailhouse'` });
    }
    const hv: Hypervisor = {
        kind: 'jailhouse',
        memguardPeriod: DEFAULT_MEMGUARD_PERIOD_NS,
        overheads: defaultOverheads(),
        source: src(decl),
    };
    if (decl) index.link(hv, decl);
    const seen = new Set<string>();
    const once = (node: AstNode, key: string, what: string): boolean => {
        if (seen.has(key)) {
            report({ severity: 'error', code: 'duplicate-attribute', node, message: `${what} is given twice` });
            return false;
        }
        seen.add(key);
        return true;
    };
    for (const prop of decl?.props ?? []) {
        if (ast.isVmpcpDecl(prop)) {
            if (once(prop, 'vmpcp', "The 'vmpcp' budget policy")) {
                // Only what differs from the default is written into the model (enforced, no boost: the fields stay absent).
                if (prop.overrun) hv.vcpuOverrun = true;
                if (prop.boost) hv.vcpuBoost = true;
            }
        } else if (ast.isMemguardDecl(prop)) {
            if (once(prop, 'memguard', 'The MemGuard period')) hv.memguardPeriod = reader.readKind(prop.period, 'time') ?? hv.memguardPeriod;
        } else if (ast.isOverheadsDecl(prop)) {
            for (const item of prop.items) {
                const key = overheadKey(item.kind);
                if (!once(item, `overhead:${key}`, `The '${item.kind}' overhead`)) continue;
                const value = reader.readKind(item.value, 'time');
                if (value !== undefined) hv.overheads[key] = value;
            }
        } else if (ast.isBrokerDecl(prop)) {
            if (once(prop, 'broker', 'The broker')) hv.broker = lowerBroker(prop, platform, hv, reader, report, index, src);
        }
    }
    return hv;
}

function overheadKey(kind: ast.OverheadKind): keyof Hypervisor['overheads'] {
    switch (kind) {
        case 'notify': return 'notify';
        case 'dispatch': return 'dispatch';
        case 'dma-setup': return 'dmaSetup';
        case 'ipi': return 'ipi';
        case 'irq-entry': return 'irqEntry';
        case 'nonpreemptible': return 'nonPreemptible';
    }
}

function lowerBroker(decl: ast.BrokerDecl, platform: Platform, hv: Hypervisor, reader: QuantityReader, report: ProblemSink, index: ModelIndex, src: Src): Broker {
    const broker: Broker = {
        mode: decl.mode === 'floating' ? 'floating' : 'dedicated',
        policy: 'fixed-priority',
        chunkSize: DEFAULT_CHUNK_SIZE,
        dma: DEFAULT_BROKER_DMA,
        source: src(decl),
    };
    if (decl.mode === 'dedicated') broker.core = reader.readInteger(decl.core, decl, 'core') ?? 0;
    const seen = new Set<string>();
    for (const option of decl.options) {
        if (seen.has(option.$type)) {
            report({ severity: 'error', code: 'duplicate-attribute', node: option, message: 'This broker option is given twice' });
            continue;
        }
        seen.add(option.$type);
        if (ast.isBrokerPolicyOption(option)) {
            broker.policy = option.policy;
        } else if (ast.isBrokerChunkOption(option)) {
            broker.chunkSize = reader.readKind(option.size, 'size') ?? broker.chunkSize;
        } else if (ast.isBrokerDmaOption(option)) {
            broker.dma = option.engine;
            if (!platform.dmaEngines.some((e) => e.name === option.engine)) {
                report({ severity: 'error', code: 'unknown-dma', node: option, property: 'engine', message: `Unknown DMA engine '${option.engine}': the platform has ${platform.dmaEngines.map((e) => e.name).join(', ')}` });
            }
        } else if (ast.isBrokerBudgetOption(option)) {
            const bandwidth = reader.readKind(option.budget, 'bandwidth');
            if (bandwidth !== undefined) {
                const budget: DmaBudget = {
                    bytesPerSecond: bandwidth,
                    bytesPerPeriod: bytesPerPeriod(bandwidth, hv.memguardPeriod),
                    source: src(option),
                };
                index.link(budget, option);
                broker.dmaBudget = budget;
            }
        }
    }
    index.link(broker, decl);
    return broker;
}

const DEFAULT_ROOT_FLAGS: RegionFlag[] = ['read', 'write', 'execute', 'dma'];
const DEFAULT_INMATE_FLAGS: RegionFlag[] = ['read', 'write', 'execute', 'dma', 'loadable'];

function lowerCell(decl: ast.Cell, platform: Platform, hv: Hypervisor, globals: readonly Resource[], reader: QuantityReader, report: ProblemSink, index: ElementLinker, src: Src): Cell {
    const cell: Cell = {
        name: decl.name,
        root: decl.root,
        ...(decl.os ? { os: decl.os } : {}),
        cores: [],
        vcpus: [],
        scheduler: 'fixed-priority',
        colors: [],
        banks: [],
        memory: [],
        sharedWith: [],
        tasks: [],
        events: [],
        resources: [],
        source: src(decl),
    };
    index.link(cell, decl);
    cell.resources = lowerCellResources(decl, index, src);
    const single = new Map<string, AstNode>();
    const once = (member: AstNode, what: string): boolean => {
        const first = single.get(member.$type);
        if (first) {
            report({ severity: 'error', code: 'duplicate-attribute', node: member, message: `${what} of cell '${decl.name}' is given twice`, related: [{ node: first, message: 'first given here' }] });
            return false;
        }
        single.set(member.$type, member);
        return true;
    };
    // CPU resources first, so tasks and events can be placed whatever the member order.
    for (const member of decl.members) {
        if (ast.isCoresMember(member)) {
            if (once(member, "'cores'")) cell.cores = expandIntSet(member.cores, reader, report);
        } else if (ast.isVcpu(member)) {
            const vcpu: Vcpu = {
                name: member.name,
                core: reader.readInteger(member.core, member, 'core') ?? 0,
                budget: reader.readKind(member.budget, 'time') ?? 0,
                period: reader.readKind(member.period, 'time') ?? 0,
                source: src(member),
            };
            cell.vcpus.push(index.link(vcpu, member));
        }
    }
    for (const member of decl.members) {
        if (ast.isSchedulerMember(member)) {
            if (once(member, "'scheduler'")) cell.scheduler = member.scheduler as SchedulerKind;
        } else if (ast.isColorsMember(member)) {
            if (once(member, "'colors'")) cell.colors = expandIntSet(member.colors, reader, report);
        } else if (ast.isBanksMember(member)) {
            if (once(member, "'banks'")) cell.banks = expandIntSet(member.banks, reader, report);
        } else if (ast.isBudgetMember(member)) {
            if (once(member, "'budget'")) cell.budget = lowerMemBudget(member, platform, hv, reader, index, src);
        } else if (ast.isSharedMember(member)) {
            for (const ref of member.cells) {
                const name = ref.ref?.name ?? ref.$refText;
                if (!cell.sharedWith.includes(name)) cell.sharedWith.push(name);
            }
        } else if (ast.isMemoryRegion(member)) {
            cell.memory.push(lowerRegion(member, decl.root, reader, index, src));
        }
    }
    for (const region of cell.memory) region.sharedWith = [...cell.sharedWith];
    const sectionNodes = new Map<CriticalSection, AstNode>();
    for (const member of decl.members) {
        if (ast.isTask(member)) {
            const task = lowerTask(member, cell, platform, reader, report, index, src);
            task.sections = lowerSections(member, task, cell, globals, reader, report, index, src, sectionNodes);
            cell.tasks.push(task);
        } else if (ast.isIrqEvent(member)) cell.events.push(lowerEvent(member, cell, reader, report, index, src));
    }
    checkLocalPlacement(cell, sectionNodes, report);
    return cell;
}

function lowerMemBudget(member: ast.BudgetMember, platform: Platform, hv: Hypervisor, reader: QuantityReader, index: ElementLinker, src: Src): MemBudget | undefined {
    const q = reader.read(member.budget, ['bandwidth', 'events']);
    if (!q) return undefined;
    const line = platform.llc.lineSize > 0 ? platform.llc.lineSize : 64;
    const period = hv.memguardPeriod > 0 ? hv.memguardPeriod : DEFAULT_MEMGUARD_PERIOD_NS;
    const budget: MemBudget = q.kind === 'bandwidth'
        ? { bytesPerSecond: q.value, eventsPerPeriod: bandwidthToEvents(q.value, period, line), source: src(member) }
        : { bytesPerSecond: eventsToBandwidth(q.value, period, line), eventsPerPeriod: q.value, source: src(member) };
    return index.link(budget, member);
}

function lowerRegion(member: ast.MemoryRegion, root: boolean, reader: QuantityReader, index: ElementLinker, src: Src): MemoryRegion {
    const phys = reader.readInteger(member.phys, member, 'phys') ?? 0;
    const flags = member.flags.length > 0 ? [...new Set(member.flags as RegionFlag[])] : [...(root ? DEFAULT_ROOT_FLAGS : DEFAULT_INMATE_FLAGS)];
    const region: MemoryRegion = {
        name: member.name,
        phys,
        virt: member.virt !== undefined ? reader.readInteger(member.virt, member, 'virt') ?? phys : phys,
        size: reader.readKind(member.size, 'size') ?? 0,
        flags,
        colored: member.colored,
        sharedWith: [],
        source: src(member),
    };
    return index.link(region, member);
}

/** Finds the one attribute of a type, reporting repeats. */
function attr<T extends AstNode>(attrs: readonly AstNode[], guard: (n: unknown) => n is T, report: ProblemSink, owner: string): T | undefined {
    const found = attrs.filter(guard);
    for (const extra of found.slice(1)) {
        report({ severity: 'error', code: 'duplicate-attribute', node: extra, message: `This attribute of ${owner} is given twice`, related: [{ node: found[0], message: 'first given here' }] });
    }
    return found[0];
}

function lowerPlacement(node: ast.PlacementAttr | undefined, cell: Cell, reader: QuantityReader, report: ProblemSink): Placement {
    if (node?.vcpu) {
        const vcpu = cell.vcpus.find((v) => v.name === (node.vcpu?.ref?.name ?? node.vcpu?.$refText));
        if (vcpu) return { core: vcpu.core, vcpu: vcpu.name };
        return defaultPlacement(cell);
    }
    if (node?.core !== undefined) {
        const core = reader.readInteger(node.core, node, 'core');
        if (core !== undefined) {
            if (!cell.cores.includes(core)) {
                report({ severity: 'error', code: 'placement-not-owned', node, property: 'core', message: `Cell '${cell.name}' does not own core ${core}: it owns ${cell.cores.length ? cell.cores.join(', ') : 'no core'}` });
            }
            return { core };
        }
    }
    return defaultPlacement(cell);
}

function defaultPlacement(cell: Cell): Placement {
    if (cell.cores.length > 0) return { core: cell.cores[0] };
    if (cell.vcpus.length > 0) return { core: cell.vcpus[0].core, vcpu: cell.vcpus[0].name };
    return { core: -1 };
}

interface TimingValues {
    period: number;
    sporadic: boolean;
    deadline: number;
    jitter: number;
    priority?: number;
}

/** Period or minimum inter-arrival, deadline, jitter and priority: shared by tasks and flows. */
function lowerTiming(owner: AstNode & { attrs: AstNode[] }, what: string, reader: QuantityReader, report: ProblemSink): TimingValues {
    const period = attr(owner.attrs, ast.isPeriodAttr, report, what);
    const sporadic = attr(owner.attrs, ast.isSporadicAttr, report, what);
    if (period && sporadic) {
        report({ severity: 'error', code: 'period-and-sporadic', node: sporadic, message: `${what} has both a period and a minimum inter-arrival time ('sporadic'): keep one` });
    }
    if (!period && !sporadic) {
        report({ severity: 'error', code: 'missing-attribute', node: owner, property: 'name', message: `${what} needs a 'period' (or 'sporadic' minimum inter-arrival time)` });
    }
    const periodValue = reader.readKind((period ?? sporadic)?.value, 'time') ?? 0;
    const deadlineAttr = attr(owner.attrs, ast.isDeadlineAttr, report, what);
    const deadline = deadlineAttr ? reader.readKind(deadlineAttr.value, 'time') ?? periodValue : periodValue;
    const jitterAttr = attr(owner.attrs, ast.isJitterAttr, report, what);
    const jitter = jitterAttr ? reader.readKind(jitterAttr.value, 'time') ?? 0 : 0;
    const priorityAttr = attr(owner.attrs, ast.isPriorityAttr, report, what);
    const priority = priorityAttr ? reader.readInteger(priorityAttr.value, priorityAttr, 'value') : undefined;
    return { period: periodValue, sporadic: !period && !!sporadic, deadline, jitter, ...(priority !== undefined ? { priority } : {}) };
}

function lowerTask(decl: ast.Task, cell: Cell, platform: Platform, reader: QuantityReader, report: ProblemSink, index: ElementLinker, src: Src): Task {
    const what = `task '${decl.name}'`;
    const timing = lowerTiming(decl, what, reader, report);
    const wcetAttr = attr(decl.attrs, ast.isWcetAttr, report, what);
    if (!wcetAttr) report({ severity: 'error', code: 'missing-attribute', node: decl, property: 'name', message: `${what} needs a 'wcet' (worst-case execution time)` });
    const wcet = reader.readKind(wcetAttr?.value, 'time') ?? 0;
    const bcetAttr = attr(decl.attrs, ast.isBcetAttr, report, what);
    const bcet = bcetAttr ? reader.readKind(bcetAttr.value, 'time') ?? wcet : wcet;
    const memoryAttr = attr(decl.attrs, ast.isMemoryAttr, report, what);
    let memoryRefills = 0;
    if (memoryAttr) {
        const q = reader.read(memoryAttr.value, ['size', 'refills']);
        if (q) memoryRefills = q.kind === 'size' ? ceilDiv(q.value, Math.max(1, platform.llc.lineSize)) : q.value;
    }
    const placementAttr = attr(decl.attrs, ast.isPlacementAttr, report, what);
    const task: Task = {
        name: decl.name,
        period: timing.period,
        sporadic: timing.sporadic,
        wcet,
        bcet,
        deadline: timing.deadline,
        priority: timing.priority ?? 0,
        priorityDeclared: timing.priority !== undefined,
        jitter: timing.jitter,
        memoryRefills,
        placement: lowerPlacement(placementAttr, cell, reader, report),
        source: src(decl),
    };
    return index.link(task, decl);
}

function lowerEvent(decl: ast.IrqEvent, cell: Cell, reader: QuantityReader, report: ProblemSink, index: ElementLinker, src: Src): IrqEvent {
    const what = `event '${decl.name}'`;
    const irqAttr = attr(decl.attrs, ast.isIrqAttr, report, what);
    if (!irqAttr) report({ severity: 'error', code: 'missing-attribute', node: decl, property: 'name', message: `${what} needs an 'irq' number` });
    const latencyAttr = attr(decl.attrs, ast.isLatencyAttr, report, what);
    const latency = latencyAttr ? reader.readKind(latencyAttr.value, 'time') : undefined;
    const event: IrqEvent = {
        name: decl.name,
        irq: irqAttr ? reader.readInteger(irqAttr.value, irqAttr, 'value') ?? 0 : 0,
        ...(latency !== undefined ? { latencyBound: latency } : {}),
        placement: lowerPlacement(attr(decl.attrs, ast.isPlacementAttr, report, what), cell, reader, report),
        source: src(decl),
    };
    return index.link(event, decl);
}

function lowerFlow(decl: ast.Flow, hv: Hypervisor, reader: QuantityReader, report: ProblemSink, index: ElementLinker, src: Src): Flow {
    const what = `flow '${decl.name}'`;
    const timing = lowerTiming(decl, what, reader, report);
    const sizeAttr = attr(decl.attrs, ast.isSizeAttr, report, what);
    if (!sizeAttr) report({ severity: 'error', code: 'missing-attribute', node: decl, property: 'name', message: `${what} needs a 'size' (bytes per message)` });
    const chunkAttr = attr(decl.attrs, ast.isChunkAttr, report, what);
    const chunk = chunkAttr ? reader.readKind(chunkAttr.value, 'size') : undefined;
    const flow: Flow = {
        name: decl.name,
        from: decl.from?.ref?.name ?? decl.from?.$refText ?? '',
        to: decl.to?.ref?.name ?? decl.to?.$refText ?? '',
        size: reader.readKind(sizeAttr?.value, 'size') ?? 0,
        period: timing.period,
        sporadic: timing.sporadic,
        deadline: timing.deadline,
        priority: timing.priority ?? 0,
        priorityDeclared: timing.priority !== undefined,
        jitter: timing.jitter,
        chunkSize: chunk ?? hv.broker?.chunkSize ?? DEFAULT_CHUNK_SIZE,
        source: src(decl),
    };
    return index.link(flow, decl);
}
