/**
 * Jailhouse names as rtcell identifiers (`[_a-zA-Z][\w_-]*`), kept unique. Keywords may be names in the language, but
 * an imported name that is not a keyword reads better, so keywords still get a suffix.
 */

/** The language's keywords (language/rtcell.langium; test/import/identifiers.test.ts keeps the list complete). */
export const RTCELL_KEYWORDS: ReadonlySet<string> = new Set([
    'B', 'B/s', 'GB', 'GB/s', 'GHz', 'GiB', 'GiB/s', 'Hz', 'KB', 'KB/s', 'KiB', 'KiB/s', 'MB', 'MB/s', 'MHz', 'MiB', 'MiB/s',
    'at', 'banks', 'bcet', 'broker', 'budget', 'cell', 'channels', 'chunk', 'clock', 'colored', 'colors', 'core', 'cores',
    'deadline', 'dedicated', 'dispatch', 'dma', 'dma-setup', 'dram', 'edf', 'event', 'events', 'execute', 'fixed-priority',
    'floating', 'flow', 'from', 'guaranteed', 'guest', 'hypervisor', 'io', 'ipi', 'irq', 'irq-entry', 'jitter', 'kHz',
    'latency', 'line', 'llc', 'loadable', 'memguard', 'memory', 'ms', 'nonpreemptible', 'notify', 'ns', 'on', 'os',
    'overheads', 'page', 'period', 'platform', 'policy', 'priority', 'rate', 'read', 'refills', 'root', 'root-shared', 's',
    'scheduler', 'shared', 'size', 'sporadic', 'system', 'task', 'to', 'us', 'vcpu', 'ways', 'wcet', 'with', 'write',
    'resource', 'uses', 'for', 'vmpcp', 'overrun', 'enforced', 'boost',
]);

/** A valid identifier close to `name`: invalid characters become `_`, a leading digit or keyword gets a prefix. */
export function toIdentifier(name: string, fallback: string): string {
    let id = name.replace(/[^\w-]/g, '_');
    if (id === '' || /^_*$/.test(id)) id = fallback;
    if (!/^[_a-zA-Z]/.test(id)) id = `${fallback}_${id}`;
    if (RTCELL_KEYWORDS.has(id)) id = `${id}_${fallback}`;
    return id;
}

/** `base`, or `base-2`, `base-3`... whichever `taken` does not hold yet; records the result. */
export function uniqueIn(taken: Set<string>, base: string): string {
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
    taken.add(id);
    return id;
}
