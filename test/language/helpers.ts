import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadModelFromText, type RtcellDiagnostic } from '../../language/load.js';

export const EXAMPLES_DIR = join(import.meta.dirname, '..', '..', 'examples');

export function exampleFiles(): string[] {
    return readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.rtcell')).map((f) => join(EXAMPLES_DIR, f));
}

export function readExample(name: string): string {
    return readFileSync(join(EXAMPLES_DIR, name), 'utf8');
}

export async function diagnosticsOf(text: string): Promise<RtcellDiagnostic[]> {
    return (await loadModelFromText(text)).diagnostics;
}

export function codes(diagnostics: RtcellDiagnostic[], severity: RtcellDiagnostic['severity'] = 'error'): string[] {
    return diagnostics.filter((d) => d.severity === severity).map((d) => d.code);
}

/** 0-based line of the first line of `text` containing `needle`. */
export function lineOf(text: string, needle: string): number {
    const line = text.split('\n').findIndex((l) => l.includes(needle));
    if (line < 0) throw new Error(`'${needle}' not in text`);
    return line;
}

/** A small valid system that each validation test mutates in one place. */
export const BASE = `system "base" on zcu102
hypervisor jailhouse {
  memguard period 1 ms
  broker dedicated on core 3 policy fixed-priority chunk 4 KiB dma gdma budget 400 MB/s
}
cell linux root os linux {
  cores 0
  colors 0..7
  banks 8..15
  memory ram at 0x0 size 1 GiB colored
  budget 800 MB/s
}
cell sensor {
  cores 1
  colors 8..11
  banks 0..3
  memory ram at 0x8_1000_0000 size 256 MiB colored
  budget 200 MB/s
  task acquire period 10 ms wcet 1 ms memory 2 MiB priority 2
  event can_rx irq 54 latency <= 50 us
}
cell control {
  vcpu v0 on core 2 budget 6 ms period 10 ms
  scheduler edf
  colors 12..15
  banks 4..7
  memory ram at 0x8_2000_0000 size 128 MiB colored
  budget 150 MB/s
  task loop period 5 ms wcet 1 ms
}
flow camera from sensor to control { size 64 KiB period 10 ms deadline 4 ms priority 2 }
`;

/** Replaces exactly one occurrence of `from` in BASE (fails loudly if the anchor is not unique). */
export function mutate(from: string, to: string): string {
    const first = BASE.indexOf(from);
    if (first < 0 || BASE.indexOf(from, first + 1) >= 0) throw new Error(`anchor '${from}' must occur exactly once`);
    return BASE.replace(from, to);
}
