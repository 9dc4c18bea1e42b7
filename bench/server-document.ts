/** The generated large document of the server bench (also usable from tests). */
/** 50 cells (root + 49) on a 64-core custom platform, 20 tasks each, 500 flows through a dedicated broker. */
export function generateLargeDocument(cells = 50, tasksPerCell = 20, flows = 500): string {
    const lines = ['system "large" on zcu102', 'platform custom {', `  cores 64 at 1.2 GHz`, '  llc 16 MiB ways 4 line 64 B', '  page 4 KiB', '  dram 4 GiB banks 64 guaranteed 3.2 GB/s', '}',
        'hypervisor jailhouse {', '  memguard period 1 ms', '  broker dedicated on core 63 policy fixed-priority chunk 4 KiB dma gdma budget 400 MB/s', '}'];
    for (let c = 0; c < cells; c++) {
        lines.push(`cell c${c}${c === 0 ? ' root os linux' : ''} {`, `  cores ${c}`, `  colors ${c * 4}..${c * 4 + 3}`, `  budget 20 MB/s`);
        for (let t = 0; t < tasksPerCell; t++) {
            const period = 10 + (t % 10) * 10;
            lines.push(`  task t${t} period ${period} ms wcet ${20 + t} us memory 4 KiB`);
        }
        lines.push('}');
    }
    for (let f = 0; f < flows; f++) {
        const from = 1 + (f % (cells - 1));
        const to = 1 + ((f + 7) % (cells - 1));
        lines.push(`flow f${f} from c${from} to c${to === from ? 0 : to} { size 512 B period ${200 + (f % 5) * 100} ms deadline ${150 + (f % 5) * 100} ms }`);
    }
    return lines.join('\n') + '\n';
}

