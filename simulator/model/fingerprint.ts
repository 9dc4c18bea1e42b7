/**
 * A model (or part of one) as a string without its source positions: equal fingerprints mean equal inputs to the
 * analysis. Non-finite numbers stay distinct from null (JSON would merge them) and BigInts are written out.
 */
export function positionFreeFingerprint(value: unknown): string {
    return JSON.stringify(value, (key, v: unknown) => {
        if (key === 'source') return undefined;
        if (typeof v === 'number' && !Number.isFinite(v)) return `#${v}`;
        if (typeof v === 'bigint') return `#${v}n`;
        return v;
    });
}
