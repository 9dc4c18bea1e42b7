/**
 * Reading the structures of a configuration image with a tree's layout: the cell descriptor and its arrays (in the
 * order of the tree's `jailhouse_cell_config_size`), the system header and its platform block. Every read is
 * bounds-checked by ByteReader; which layout to use is decided by decode-config.ts.
 */
import type { ByteReader } from './byte-reader.js';
import { LAYOUTS, SIZES, type Section, type TreeLayout } from './layouts.js';
import type {
    RawCell, RawConsole, RawFpgaDevice, RawIommu, RawMemory, RawPciDevice, RawPlatform, RawSystem,
} from './raw-config.js';

function readConsole(r: ByteReader, at: number, field: string): RawConsole {
    return {
        address: r.u64(at, `${field}.address`), size: r.u32(at + 8, `${field}.size`), type: r.u16(at + 12, `${field}.type`),
        flags: r.u16(at + 14, `${field}.flags`), divider: r.u32(at + 16, `${field}.divider`),
        gateNr: r.u32(at + 20, `${field}.gate_nr`), clockReg: r.u64(at + 24, `${field}.clock_reg`),
    };
}

function readMemory(r: ByteReader, at: number, layout: TreeLayout, field: string): RawMemory {
    return {
        phys: r.u64(at, `${field}.phys_start`), virt: r.u64(at + 8, `${field}.virt_start`), size: r.u64(at + 16, `${field}.size`),
        flags: r.u64(at + 24, `${field}.flags`), colors: layout.memorySize === 40 ? r.u64(at + 32, `${field}.colors`) : 0n,
        fromColoredArray: false,
    };
}

function bits(bytes: Uint8Array): number[] {
    const set: number[] = [];
    bytes.forEach((byte, i) => {
        for (let b = 0; b < 8; b++) if (byte & (1 << b)) set.push(i * 8 + b);
    });
    return set;
}

function readPciDevice(r: ByteReader, at: number, field: string): RawPciDevice {
    return {
        type: r.u8(at, `${field}.type`), iommu: r.u8(at + 1, `${field}.iommu`), domain: r.u16(at + 2, `${field}.domain`),
        bdf: r.u16(at + 4, `${field}.bdf`), barMask: [0, 1, 2, 3, 4, 5].map((i) => r.u32(at + 6 + 4 * i, `${field}.bar_mask`)),
        capsStart: r.u16(at + 30, `${field}.caps_start`), numCaps: r.u16(at + 32, `${field}.num_caps`),
        numMsiVectors: r.u8(at + 34, `${field}.num_msi_vectors`), msiBits: r.u8(at + 35, `${field}.msi_64bits`),
        numMsixVectors: r.u16(at + 36, `${field}.num_msix_vectors`), msixRegionSize: r.u16(at + 38, `${field}.msix_region_size`),
        msixAddress: r.u64(at + 40, `${field}.msix_address`), shmemRegionsStart: r.u32(at + 48, `${field}.shmem_regions_start`),
        shmemDevId: r.u8(at + 52, `${field}.shmem_dev_id`), shmemPeers: r.u8(at + 53, `${field}.shmem_peers`),
        shmemProtocol: r.u16(at + 54, `${field}.shmem_protocol`),
    };
}

function readFpgaDevice(r: ByteReader, at: number, field: string): RawFpgaDevice {
    return {
        dto: r.text(at, 32, `${field}.fpga_dto`), module: r.text(at + 32, 32, `${field}.fpga_module`),
        bitstream: r.text(at + 64, 32, `${field}.fpga_bitstream`), regionId: r.u32(at + 96, `${field}.fpga_region_id`),
        confAddr: r.u64(at + 100, `${field}.fpga_conf_addr`), flags: r.u8(at + 108, `${field}.fpga_flags`),
    };
}

/** Byte length of the cell descriptor at `at` and its arrays, per the tree's `jailhouse_cell_config_size`. */
export function cellConfigSize(r: ByteReader, at: number, layout: TreeLayout): number {
    let size = layout.cellDesc.size;
    for (const s of layout.sections) size += r.u32(at + s.countAt, `cell descriptor count of ${s.kind}`) * s.element;
    return size;
}

export function decodeCell(r: ByteReader, at: number, layout: TreeLayout): RawCell {
    const d = layout.cellDesc;
    const cell: RawCell = {
        name: r.text(at + d.name, 32, 'name'), id: r.u32(at + d.name + 32, 'id'), flags: r.u32(at + d.flags, 'flags'),
        cpus: [], cpuSetSize: 0, rcpuSet: [], fpgaRegions: [], memory: [], cache: [], irqchips: [], pio: [], pciDevices: [],
        pciCaps: [], streamIds: [], qosDevices: [], rcpuDevices: [], fpgaDevices: [],
        vpciIrqBase: r.u32(at + d.vpciIrqBase, 'vpci_irq_base'), cpuResetAddress: r.u64(at + d.cpuResetAddress, 'cpu_reset_address'),
        msgReplyTimeout: r.u64(at + d.msgReplyTimeout, 'msg_reply_timeout'), console: readConsole(r, at + d.console, 'console'),
    };
    let offset = at + d.size;
    for (const section of layout.sections) {
        const count = r.u32(at + section.countAt, `count of ${section.kind}`);
        r.require(offset, count * section.element, `${section.kind} (${count})`);
        readSection(r, section, offset, count, layout, cell);
        offset += count * section.element;
    }
    return cell;
}

function readSection(r: ByteReader, section: Section, offset: number, count: number, layout: TreeLayout, cell: RawCell): void {
    const at = (i: number) => offset + i * section.element;
    const each = <T>(read: (o: number, field: string) => T): T[] =>
        Array.from({ length: count }, (_, i) => read(at(i), `${section.kind}[${i}]`));
    switch (section.kind) {
        case 'cpuSet': cell.cpus = bits(r.slice(offset, count, 'cpu_set')); cell.cpuSetSize = count; break;
        case 'rcpuSet': cell.rcpuSet = bits(r.slice(offset, count, 'rcpu_set')); break;
        case 'fpgaRegions': cell.fpgaRegions = bits(r.slice(offset, count, 'fpga_regions')); break;
        case 'memory': cell.memory.push(...each((o, f) => readMemory(r, o, layout, f))); break;
        case 'coloredMemory':
            cell.memory.push(...each((o, f) => ({ ...readMemory(r, o, LAYOUTS.minerva, f), fromColoredArray: true })));
            break;
        case 'cache': cell.cache = each((o, f) => ({ start: r.u32(o, `${f}.start`), size: r.u32(o + 4, `${f}.size`), type: r.u8(o + 8, `${f}.type`), flags: r.u16(o + 10, `${f}.flags`) })); break;
        case 'irqchips': cell.irqchips = each((o, f) => ({ address: r.u64(o, `${f}.address`), id: r.u32(o + 8, `${f}.id`), pinBase: r.u32(o + 12, `${f}.pin_base`), pinBitmap: [0, 1, 2, 3].map((k) => r.u32(o + 16 + 4 * k, `${f}.pin_bitmap`)) })); break;
        case 'pio': cell.pio = each((o, f) => ({ base: r.u16(o, `${f}.base`), length: r.u16(o + 2, `${f}.length`) })); break;
        case 'pciDevices': cell.pciDevices = each((o, f) => readPciDevice(r, o, f)); break;
        case 'pciCaps': cell.pciCaps = each((o, f) => ({ id: r.u16(o, `${f}.id`), start: r.u16(o + 2, `${f}.start`), len: r.u16(o + 4, `${f}.len`), flags: r.u16(o + 6, `${f}.flags`) })); break;
        case 'streamIds': cell.streamIds = each((o, f) => r.u32(o, f)); break;
        case 'qosDevices': cell.qosDevices = each((o, f) => ({ name: r.text(o, 15, `${f}.name`), flags: r.u8(o + 15, `${f}.flags`), base: r.u32(o + 16, `${f}.base`) })); break;
        case 'rcpuDevices': cell.rcpuDevices = each((o, f) => ({ rcpuId: r.u32(o, `${f}.rcpu_id`), name: r.text(o + 4, 31, `${f}.name`), compatible: r.text(o + 35, 31, `${f}.compatible`) })); break;
        case 'fpgaDevices': cell.fpgaDevices = each((o, f) => readFpgaDevice(r, o, f)); break;
    }
}

function decodePlatform(r: ByteReader, layout: TreeLayout): RawPlatform {
    const s = layout.system;
    const iommuUnits: RawIommu[] = Array.from({ length: SIZES.iommuUnits }, (_, i) => {
        const o = s.iommuUnits + i * SIZES.iommu;
        return { type: r.u32(o, `iommu_units[${i}].type`), base: r.u64(o + 4, `iommu_units[${i}].base`), size: r.u32(o + 12, `iommu_units[${i}].size`), extra: [0, 1, 2].map((k) => r.u32(o + 16 + 4 * k, `iommu_units[${i}]`)) };
    });
    const a = s.arm;
    const platform: RawPlatform = {
        pciMmconfigBase: r.u64(s.pciMmconfigBase, 'pci_mmconfig_base'), pciMmconfigEndBus: r.u8(s.pciMmconfigBase + 8, 'pci_mmconfig_end_bus'),
        pciIsVirtual: r.u8(s.pciMmconfigBase + 9, 'pci_is_virtual'), pciDomain: r.u16(s.pciMmconfigBase + 10, 'pci_domain'),
        iommuUnits,
        arm: {
            maintenanceIrq: r.u8(a, 'arm.maintenance_irq'), gicVersion: r.u8(a + 1, 'arm.gic_version'), gicd: r.u64(a + 4, 'arm.gicd_base'),
            gicc: r.u64(a + 12, 'arm.gicc_base'), gich: r.u64(a + 20, 'arm.gich_base'), gicv: r.u64(a + 28, 'arm.gicv_base'), gicr: r.u64(a + 36, 'arm.gicr_base'),
        },
    };
    if (s.noSpectreMitigation !== undefined) platform.noSpectreMitigation = r.u32(s.noSpectreMitigation, 'no_spectre_mitigation');
    if (s.color !== undefined) platform.color = { waySize: r.u64(s.color, 'color.way_size'), rootMapOffset: r.u64(s.color + 8, 'color.root_map_offset') };
    if (s.memguard !== undefined) {
        const m = s.memguard;
        platform.memguard = {
            numIrqs: r.u32(m, 'memguard.num_irqs'), hvTimer: r.u32(m + 4, 'memguard.hv_timer'), irqPrioMin: r.u8(m + 8, 'memguard.irq_prio_min'),
            irqPrioMax: r.u8(m + 9, 'memguard.irq_prio_max'), irqPrioStep: r.u8(m + 10, 'memguard.irq_prio_step'),
            irqPrioThreshold: r.u8(m + 11, 'memguard.irq_prio_threshold'), numPmuIrq: r.u32(m + 12, 'memguard.num_pmu_irq'),
            pmuCpuIrq: Array.from({ length: 8 }, (_, i) => r.u32(m + 16 + 4 * i, 'memguard.pmu_cpu_irq')),
        };
    }
    if (s.qos !== undefined) platform.qos = { nicBase: r.u64(s.qos, 'qos.nic_base'), nicSize: r.u64(s.qos + 8, 'qos.nic_size') };
    if (s.fpga !== undefined) {
        platform.fpga = { baseBitstream: r.text(s.fpga, 32, 'fpga.fpga_base_bitstream'), baseAddr: r.u64(s.fpga + 32, 'fpga.fpga_base_addr'), flags: r.u8(s.fpga + 40, 'fpga.fpga_flags'), maxRegions: r.u32(s.fpga + 41, 'fpga.fpga_max_regions') };
    }
    return platform;
}

export function decodeSystem(r: ByteReader, layout: TreeLayout): RawSystem {
    const s = layout.system;
    return {
        flags: r.u32(s.flags, 'flags'),
        hypervisorMemory: readMemory(r, s.hypervisorMemory, layout, 'hypervisor_memory'),
        debugConsole: readConsole(r, s.debugConsole, 'debug_console'),
        platform: decodePlatform(r, layout),
    };
}
