/**
 * The layout table (simulator/import/jailhouse/layouts.ts) against the trees' headers: an offsetof/sizeof probe is
 * compiled with gcc against each tree's include/ and run; every number it prints must equal the table's.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JAILHOUSE_TREES, LAYOUTS, type JailhouseTree } from '../../simulator/import/jailhouse/index.js';
import { SIZES } from '../../simulator/import/jailhouse/layouts.js';
import { requireGcc, TREES_ROOT } from './fixtures.js';

const PROBE = `
#include <jailhouse/types.h>
#include <jailhouse/cell-config.h>
int printf(const char *, ...);
#define OFF(s, f) printf("%s.%s %lu\\n", #s, #f, (unsigned long)__builtin_offsetof(struct s, f))
#define SZ(s) printf("sizeof.%s %lu\\n", #s, (unsigned long)sizeof(struct s))
int main(void) {
  SZ(jailhouse_cell_desc); SZ(jailhouse_system); SZ(jailhouse_memory); SZ(jailhouse_cache); SZ(jailhouse_irqchip);
  SZ(jailhouse_pio); SZ(jailhouse_pci_device); SZ(jailhouse_pci_capability); SZ(jailhouse_console); SZ(jailhouse_iommu);
  OFF(jailhouse_cell_desc, name); OFF(jailhouse_cell_desc, flags); OFF(jailhouse_cell_desc, cpu_set_size);
  OFF(jailhouse_cell_desc, num_memory_regions); OFF(jailhouse_cell_desc, num_cache_regions); OFF(jailhouse_cell_desc, num_irqchips);
  OFF(jailhouse_cell_desc, num_pio_regions); OFF(jailhouse_cell_desc, num_pci_devices); OFF(jailhouse_cell_desc, num_pci_caps);
  OFF(jailhouse_cell_desc, num_stream_ids); OFF(jailhouse_cell_desc, vpci_irq_base); OFF(jailhouse_cell_desc, cpu_reset_address);
  OFF(jailhouse_cell_desc, msg_reply_timeout); OFF(jailhouse_cell_desc, console); OFF(jailhouse_system, revision);
  OFF(jailhouse_system, flags); OFF(jailhouse_system, hypervisor_memory); OFF(jailhouse_system, debug_console);
  OFF(jailhouse_system, platform_info.pci_mmconfig_base); OFF(jailhouse_system, platform_info.iommu_units);
  OFF(jailhouse_system, platform_info.arm); OFF(jailhouse_system, root_cell);
#ifdef PROBE_BU
  SZ(jailhouse_memory_colored); OFF(jailhouse_cell_desc, num_memory_regions_colored);
#endif
#ifdef PROBE_MINERVA
  SZ(jailhouse_qos_device); SZ(jailhouse_rcpu_device); SZ(jailhouse_fpga_device);
  OFF(jailhouse_cell_desc, rcpu_set_size); OFF(jailhouse_cell_desc, fpga_regions_size); OFF(jailhouse_cell_desc, num_qos_devices);
  OFF(jailhouse_cell_desc, num_rcpu_devices); OFF(jailhouse_cell_desc, num_fpga_devices);
  OFF(jailhouse_system, platform_info.color); OFF(jailhouse_system, platform_info.memguard); OFF(jailhouse_system, platform_info.qos);
  OFF(jailhouse_system, platform_info.fpga); OFF(jailhouse_system, platform_info.no_spectre_mitigation);
#endif
  return 0;
}
`;

function probe(tree: JailhouseTree): Map<string, number> {
    requireGcc();
    const dir = mkdtempSync(join(tmpdir(), 'rtcell-probe-'));
    writeFileSync(join(dir, 'probe.c'), PROBE);
    writeFileSync(join(dir, 'empty.h'), '');
    const root = join(TREES_ROOT, tree);
    execFileSync('gcc', ['-nostdinc', '-I', join(root, 'hypervisor/arch/arm64/include'), '-I', join(root, 'hypervisor/include'),
        '-I', join(root, 'include'), '-D__LINUX_COMPILER_TYPES_H', `-DPROBE_${tree.toUpperCase()}`, '-include', join(dir, 'empty.h'),
        '-c', join(dir, 'probe.c'), '-o', join(dir, 'probe.o')]);
    execFileSync('gcc', [join(dir, 'probe.o'), '-o', join(dir, 'probe')]);
    const lines = execFileSync(join(dir, 'probe'), { encoding: 'utf8' }).trim().split('\n');
    return new Map(lines.map((l) => { const [k, v] = l.split(' '); return [k, Number(v)]; }));
}

describe('layout table against the trees\' headers (gcc offsetof probe)', () => {
    for (const tree of JAILHOUSE_TREES) {
        it(tree, () => {
            const p = probe(tree);
            const L = LAYOUTS[tree];
            const d = (f: string) => p.get(`jailhouse_cell_desc.${f}`);
            const s = (f: string) => p.get(`jailhouse_system.${f}`);
            expect(p.get('sizeof.jailhouse_cell_desc')).toBe(L.cellDesc.size);
            expect(p.get('sizeof.jailhouse_memory')).toBe(L.memorySize);
            expect(p.get('sizeof.jailhouse_system')! - p.get('sizeof.jailhouse_cell_desc')!).toBe(L.system.rootCell);
            expect(s('root_cell')).toBe(L.system.rootCell);
            expect([d('name'), d('flags'), d('vpci_irq_base'), d('cpu_reset_address'), d('msg_reply_timeout'), d('console')])
                .toEqual([L.cellDesc.name, L.cellDesc.flags, L.cellDesc.vpciIrqBase, L.cellDesc.cpuResetAddress, L.cellDesc.msgReplyTimeout, L.cellDesc.console]);
            expect([s('flags'), s('hypervisor_memory'), s('debug_console'), s('platform_info.pci_mmconfig_base'), s('platform_info.iommu_units'), s('platform_info.arm')])
                .toEqual([L.system.flags, L.system.hypervisorMemory, L.system.debugConsole, L.system.pciMmconfigBase, L.system.iommuUnits, L.system.arm]);
            expect(s('revision')).toBe(6);
            expect([p.get('sizeof.jailhouse_cache'), p.get('sizeof.jailhouse_irqchip'), p.get('sizeof.jailhouse_pio'), p.get('sizeof.jailhouse_pci_device'), p.get('sizeof.jailhouse_pci_capability'), p.get('sizeof.jailhouse_console'), p.get('sizeof.jailhouse_iommu')])
                .toEqual([SIZES.cache, SIZES.irqchip, SIZES.pio, SIZES.pciDevice, SIZES.pciCap, SIZES.console, SIZES.iommu]);
            // Each section's count field and element size, in the table's order.
            const countField: Record<string, string> = {
                cpuSet: 'cpu_set_size', rcpuSet: 'rcpu_set_size', fpgaRegions: 'fpga_regions_size', memory: 'num_memory_regions',
                coloredMemory: 'num_memory_regions_colored', cache: 'num_cache_regions', irqchips: 'num_irqchips', pio: 'num_pio_regions',
                pciDevices: 'num_pci_devices', pciCaps: 'num_pci_caps', streamIds: 'num_stream_ids', qosDevices: 'num_qos_devices',
                rcpuDevices: 'num_rcpu_devices', fpgaDevices: 'num_fpga_devices',
            };
            const elementSize: Record<string, number | undefined> = {
                cpuSet: 1, rcpuSet: 1, fpgaRegions: 1, memory: p.get('sizeof.jailhouse_memory'), coloredMemory: p.get('sizeof.jailhouse_memory_colored'),
                cache: p.get('sizeof.jailhouse_cache'), irqchips: p.get('sizeof.jailhouse_irqchip'), pio: p.get('sizeof.jailhouse_pio'),
                pciDevices: p.get('sizeof.jailhouse_pci_device'), pciCaps: p.get('sizeof.jailhouse_pci_capability'), streamIds: 4,
                qosDevices: p.get('sizeof.jailhouse_qos_device'), rcpuDevices: p.get('sizeof.jailhouse_rcpu_device'), fpgaDevices: p.get('sizeof.jailhouse_fpga_device'),
            };
            for (const section of L.sections) {
                expect(d(countField[section.kind]), `${tree} ${section.kind} count field`).toBe(section.countAt);
                expect(elementSize[section.kind], `${tree} ${section.kind} element size`).toBe(section.element);
            }
            if (tree === 'minerva') {
                expect([s('platform_info.color'), s('platform_info.memguard'), s('platform_info.qos'), s('platform_info.fpga'), s('platform_info.no_spectre_mitigation')])
                    .toEqual([L.system.color, L.system.memguard, L.system.qos, L.system.fpga, L.system.noSpectreMitigation]);
                expect(L.system.arm - L.system.fpga!).toBe(SIZES.fpgaBlock);
                expect(L.system.qos! - L.system.memguard!).toBe(SIZES.memguard);
            }
        });
    }
});
