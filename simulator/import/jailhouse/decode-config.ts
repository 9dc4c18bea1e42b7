/**
 * Decodes a `.cell` image (system or cell configuration) with a tree's layout. Pure: bytes in, RawConfig out, or an
 * ImportError that says what is wrong. The tree is detected from the signature block (bu keeps a 6-byte signature,
 * the others a 5-byte one plus the architecture byte), the revision, and which layout's computed size equals the
 * image's length (minerva and mainline are both revision 14; their descriptors differ by 20 bytes).
 */
import { ByteReader } from './byte-reader.js';
import { ImportError } from './import-error.js';
import { ARCH_ARM64, JAILHOUSE_TREES, LAYOUTS, SIGNATURES, type JailhouseTree, type TreeLayout } from './layouts.js';
import type { RawConfig } from './raw-config.js';
import { cellConfigSize, decodeCell, decodeSystem } from './read-structures.js';

/** Jailhouse refuses a CPU set above a page. */
const MAX_CPU_SET_BYTES = 4096;
/**
 * More entries of one kind than any real configuration has (the trees' largest: 35 QoS devices, 26 regions). The
 * bound keeps a crafted header from making the import quadratic in a huge count.
 */
const MAX_ELEMENTS = 256;

/**
 * An irqchip covers 128 interrupt lines from a pin base that is a multiple of 32 (the GIC's registers are 32 lines
 * wide). A layout that reads another pin base is reading other bytes as irqchips (a file of another tree, cut short).
 */
function misplacedIrqchip(r: ByteReader, at: number, layout: TreeLayout): string | undefined {
    let offset = at + layout.cellDesc.size;
    for (const section of layout.sections) {
        const count = r.u32(at + section.countAt, section.kind);
        if (section.kind === 'irqchips') {
            for (let i = 0; i < count; i++) {
                const pinBase = r.u32(offset + i * section.element + 12, 'pin_base');
                if (pinBase % 32 !== 0) return `irqchips[${i}].pin_base ${pinBase} (not a multiple of 32)`;
            }
            return undefined;
        }
        offset += count * section.element;
    }
    return undefined;
}

/** A layout the bytes fit; `trailing` bytes after the configuration are ignored, as Jailhouse's driver does. */
type Fit = { layout: TreeLayout; ok: true; trailing: number } | { layout: TreeLayout; ok: false; why: 'revision' | 'architecture' | 'size'; detail: string };

function fit(r: ByteReader, layout: TreeLayout, kind: 'system' | 'cell'): Fit {
    if (layout.hasArchitecture) {
        const arch = r.u8(5, 'architecture');
        if (r.text(0, 5, 'signature') !== SIGNATURES.fiveByte[kind]) return { layout, ok: false, why: 'architecture', detail: `signature '${r.text(0, 6, 'signature')}' is not the ${layout.tree} tree's ${SIGNATURES.fiveByte[kind]}` };
        if (arch !== ARCH_ARM64) return { layout, ok: false, why: 'architecture', detail: `architecture ${arch} (arm64 is ${ARCH_ARM64})` };
    } else if (r.text(0, 6, 'signature') !== SIGNATURES.sixByte[kind]) {
        return { layout, ok: false, why: 'architecture', detail: `signature '${r.text(0, 6, 'signature')}' is not the ${layout.tree} tree's ${SIGNATURES.sixByte[kind]}` };
    }
    const revision = r.u16(6, 'revision');
    if (revision !== layout.revision) return { layout, ok: false, why: 'revision', detail: `revision ${revision}, the ${layout.tree} tree reads revision ${layout.revision}` };
    const rootAt = kind === 'system' ? layout.system.rootCell : 0;
    if (r.length < rootAt + layout.cellDesc.size) {
        return { layout, ok: false, why: 'size', detail: `truncated: the ${layout.tree} ${kind} header needs ${rootAt + layout.cellDesc.size} bytes, the file has ${r.length}` };
    }
    // Jailhouse refuses a cell without CPUs and a CPU set above a page: a layout that reads such a size is not this file's.
    const cpuSetSize = r.u32(rootAt + layout.sections[0].countAt, 'cpu_set_size');
    if (cpuSetSize === 0 || cpuSetSize > MAX_CPU_SET_BYTES) {
        return { layout, ok: false, why: 'size', detail: `corrupted: the ${layout.tree} layout reads cpu_set_size ${cpuSetSize} (a cell has 1..${MAX_CPU_SET_BYTES} bytes of CPU set)` };
    }
    const tooMany = layout.sections.find((sec) => r.u32(rootAt + sec.countAt, sec.kind) > (sec.element === 1 ? MAX_CPU_SET_BYTES : MAX_ELEMENTS));
    if (tooMany) {
        const count = r.u32(rootAt + tooMany.countAt, tooMany.kind);
        return { layout, ok: false, why: 'size', detail: `corrupted: the ${layout.tree} layout reads ${count} ${tooMany.element === 1 ? 'bytes of' : 'entries of'} ${tooMany.kind} (at most ${tooMany.element === 1 ? MAX_CPU_SET_BYTES : MAX_ELEMENTS})` };
    }
    const expected = rootAt + cellConfigSize(r, rootAt, layout);
    if (expected > r.length) {
        return { layout, ok: false, why: 'size', detail: `truncated: the ${layout.tree} header's counts add up to ${expected} bytes, the file has ${r.length}` };
    }
    const misplaced = misplacedIrqchip(r, rootAt, layout);
    if (misplaced) return { layout, ok: false, why: 'size', detail: `corrupted: the ${layout.tree} layout reads ${misplaced}` };
    return { layout, ok: true, trailing: r.length - expected };
}

/**
 * Decodes `bytes` (named `label` in messages). `tree`, when given, must match what the bytes say; otherwise the tree
 * is detected. Throws ImportError for anything that is not a well-formed arm64 configuration of a known tree.
 */
export function decodeJailhouseConfig(bytes: Uint8Array, label: string, tree?: JailhouseTree): RawConfig {
    const r = new ByteReader(bytes, label);
    if (bytes.length < 8) throw new ImportError('truncated', `${label}: truncated: ${bytes.length} bytes, not even a configuration header`);
    const signature = r.text(0, 5, 'signature');
    const kind = signature === SIGNATURES.fiveByte.system ? 'system' : signature === SIGNATURES.fiveByte.cell || r.text(0, 6, 'signature') === SIGNATURES.sixByte.cell ? 'cell' : undefined;
    if (!kind) {
        const shown = Array.from(bytes.subarray(0, 6), (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
        throw new ImportError('bad-signature', `${label}: not a Jailhouse configuration: signature '${shown}' (expected JHSYS/JHCLL, or JHSYST/JHCELL in the bu tree)`);
    }
    const fits = JAILHOUSE_TREES.map((t) => fit(r, LAYOUTS[t], kind));
    const matching = fits.filter((f): f is Fit & { ok: true } => f.ok);
    if (tree) {
        const wanted = fits.find((f) => f.layout.tree === tree)!;
        const exactOthers = matching.filter((m) => m.trailing === 0 && m.layout.tree !== tree);
        // Another tree reading the bytes exactly beats this one reading them with bytes left over.
        if (!wanted.ok || (wanted.trailing > 0 && exactOthers.length > 0)) {
            const exact = exactOthers;
            if (exact.length > 0) {
                throw new ImportError('tree-mismatch', `${label}: tree mismatch: this is a ${exact.map((m) => m.layout.tree).join(' or ')} configuration (revision ${r.u16(6, 'revision')}), not a ${tree} one (${wanted.ok ? `which would leave ${wanted.trailing} bytes unread` : wanted.detail})`);
            }
            throw failure(wanted, label);
        }
        return decodeWith(r, wanted.layout, kind);
    }
    const exact = matching.filter((f) => f.trailing === 0);
    if (exact.length === 1) return decodeWith(r, exact[0].layout, kind);
    if (exact.length > 1) {
        throw new ImportError('ambiguous-tree', `${label}: the bytes fit the ${exact.map((m) => m.layout.tree).join(' and ')} layouts alike; say which with --tree`);
    }
    if (matching.length > 0) {
        // Bytes beyond what the counts cover are legal (the driver ignores them) but, when the tree is not known, they
        // cannot be told from a truncated file of a tree with a longer layout: the user says which tree it is.
        const readings = fits.map((f) => `${f.layout.tree}: ${f.ok ? `${f.trailing} bytes after the configuration` : f.detail}`);
        throw new ImportError('size-mismatch', `${label}: the size fits no tree exactly (${readings.join('; ')}); if the file is complete, say its tree with --tree`);
    }
    // Report the most specific failure: a size problem of a tree whose revision matched, else the revision, else the
    // architecture (an x86 or arm32 configuration of a revision-14 tree).
    const sizeFailure = fits.find((f) => !f.ok && f.why === 'size');
    const revisionFailure = fits.find((f) => !f.ok && f.why === 'revision');
    if (!sizeFailure && !revisionFailure) {
        const arch = fits.find((f) => !f.ok && f.detail.startsWith('architecture'));
        if (arch && !arch.ok) throw new ImportError('wrong-architecture', `${label}: not an arm64 configuration: ${arch.detail}`);
    }
    throw failure(sizeFailure ?? revisionFailure ?? fits[0], label);
}

function failure(f: Fit, label: string): ImportError {
    if (f.ok) return new ImportError('bad-value', `${label}: internal: no failure`);
    if (f.why === 'revision') {
        const known = JAILHOUSE_TREES.map((t) => `${t} ${LAYOUTS[t].revision}`).join(', ');
        return new ImportError('wrong-revision', `${label}: wrong revision: ${f.detail} (known: ${known})`);
    }
    if (f.why === 'architecture') return new ImportError('wrong-architecture', `${label}: not an arm64 ${f.layout.tree} configuration: ${f.detail}`);
    return new ImportError(f.detail.startsWith('corrupted') ? 'bad-value' : 'truncated', `${label}: ${f.detail}`);
}

function decodeWith(r: ByteReader, layout: TreeLayout, kind: 'system' | 'cell'): RawConfig {
    const rootAt = kind === 'system' ? layout.system.rootCell : 0;
    return {
        kind, tree: layout.tree, revision: layout.revision, length: r.length,
        trailing: r.length - rootAt - cellConfigSize(r, rootAt, layout),
        ...(kind === 'system' ? { system: decodeSystem(r, layout) } : {}),
        cell: decodeCell(r, rootAt, layout),
    };
}
