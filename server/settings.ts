/**
 * The server's settings (see RtcellSettings in protocol.ts). `workspace/configuration` (section `rtcell`) wins once the
 * client answered it; before that, and for clients without it, `initializationOptions` apply; else the defaults.
 * Never blocks a request: Langium's ConfigurationProvider waits for the `initialized` handshake, which tests and
 * some clients never perform.
 */
import type { ConfigurationProvider } from 'langium';
import { parseDuration } from '../simulator/model/units.js';
import { DEFAULT_OBSERVATION, MAX_RANDOM_SEEDS } from './observation-runs.js';
import type { RtcellSettings } from './protocol.js';
import { MAX_SIMULATION_NS, SETTINGS_SECTION } from './protocol.js';

export class RtcellSettingsService {
    private fromInitialization: RtcellSettings = {};
    private fromWorkspace: RtcellSettings | undefined;

    constructor(private readonly configuration: ConfigurationProvider) {
        void configuration.ready.then(() => this.refresh());
        configuration.onConfigurationSectionUpdate((update) => {
            if (update.section === SETTINGS_SECTION) this.fromWorkspace = asSettings(update.configuration);
        });
    }

    setInitializationOptions(options: unknown): void {
        const settings = asSettings(options);
        // Accept both `{ inlayHints: ... }` and `{ rtcell: { inlayHints: ... } }`.
        this.fromInitialization = asSettings((options as Record<string, unknown> | undefined)?.[SETTINGS_SECTION]) ?? settings ?? {};
    }

    /** Applies a settings object directly (tests, and clients that push settings). */
    update(settings: RtcellSettings): void {
        this.fromWorkspace = settings;
    }

    get inlayHintsEnabled(): boolean {
        return this.fromWorkspace?.inlayHints?.enabled ?? this.fromInitialization.inlayHints?.enabled ?? true;
    }

    /** Show what the background simulation observed in the inlay hints (default false). */
    get hintsShowObserved(): boolean {
        return this.fromWorkspace?.inlayHints?.observed ?? this.fromInitialization.inlayHints?.observed ?? false;
    }

    /** The background simulation's settings (`observed`). */
    get observation(): { enabled: boolean; randomSeeds: number; maxDurationNs: number } {
        const pick = <K extends keyof NonNullable<RtcellSettings['observed']>>(key: K) => this.fromWorkspace?.observed?.[key] ?? this.fromInitialization.observed?.[key];
        return {
            enabled: pick('enabled') ?? true,
            randomSeeds: pick('randomSeeds') ?? DEFAULT_OBSERVATION.randomSeeds,
            maxDurationNs: pick('maxDurationNs') ?? DEFAULT_OBSERVATION.maxDurationNs,
        };
    }

    /** Margin of the second quick-fix beside an exact minimum, percent, in 0..1000; default 10. */
    get fixMarginPercent(): number {
        return this.fromWorkspace?.quickFixes?.margin ?? this.fromInitialization.quickFixes?.margin ?? DEFAULT_FIX_MARGIN;
    }

    private async refresh(): Promise<void> {
        const inlayHints = await this.configuration.getConfiguration(SETTINGS_SECTION, 'inlayHints');
        const quickFixes = await this.configuration.getConfiguration(SETTINGS_SECTION, 'quickFixes');
        const observed = await this.configuration.getConfiguration(SETTINGS_SECTION, 'observed');
        const read = asSettings({ inlayHints, quickFixes, observed });
        this.fromWorkspace = {
            ...this.fromWorkspace,
            ...(inlayHints !== undefined ? { inlayHints: read?.inlayHints ?? {} } : {}),
            ...(quickFixes !== undefined ? { quickFixes: read?.quickFixes ?? {} } : {}),
            ...(observed !== undefined ? { observed: read?.observed ?? {} } : {}),
        };
    }
}

const DEFAULT_FIX_MARGIN = 10;

/** Keeps only well-formed values: a client may send anything. */
function asSettings(value: unknown): RtcellSettings | undefined {
    if (typeof value !== 'object' || value === null) return undefined;
    const out: RtcellSettings = {};
    const inlay = (value as { inlayHints?: unknown }).inlayHints;
    if (typeof inlay === 'object' && inlay !== null) {
        const { enabled, observed } = inlay as { enabled?: unknown; observed?: unknown };
        out.inlayHints = { ...(typeof enabled === 'boolean' ? { enabled } : {}), ...(typeof observed === 'boolean' ? { observed } : {}) };
    }
    const observedRuns = (value as { observed?: unknown }).observed;
    if (typeof observedRuns === 'object' && observedRuns !== null) {
        // `maxDuration` as VS Code stores it (`1 s`), or `maxDurationNs` (other clients).
        const { enabled, randomSeeds, maxDuration, maxDurationNs } = observedRuns as { enabled?: unknown; randomSeeds?: unknown; maxDuration?: unknown; maxDurationNs?: unknown };
        const duration = typeof maxDuration === 'string' ? parseDuration(maxDuration) : undefined;
        const ns = duration?.ok ? duration.value : typeof maxDurationNs === 'number' && Number.isSafeInteger(maxDurationNs) && maxDurationNs > 0 ? maxDurationNs : undefined;
        out.observed = {
            ...(typeof enabled === 'boolean' ? { enabled } : {}),
            ...(typeof randomSeeds === 'number' && Number.isInteger(randomSeeds) && randomSeeds >= 0 ? { randomSeeds: Math.min(randomSeeds, MAX_RANDOM_SEEDS) } : {}),
            ...(ns !== undefined ? { maxDurationNs: Math.min(ns, MAX_SIMULATION_NS) } : {}),
        };
    }
    const fixes = (value as { quickFixes?: unknown }).quickFixes;
    if (typeof fixes === 'object' && fixes !== null) {
        const margin = (fixes as { margin?: unknown }).margin;
        out.quickFixes = typeof margin === 'number' && Number.isFinite(margin) && margin >= 0 && margin <= 1000 ? { margin } : {};
    }
    return out;
}
