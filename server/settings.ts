/**
 * The server's settings (see RtcellSettings in protocol.ts). `workspace/configuration` (section `rtcell`) wins once the
 * client answered it; before that, and for clients without it, `initializationOptions` apply; else the defaults.
 * Never blocks a request: Langium's ConfigurationProvider waits for the `initialized` handshake, which tests and
 * some clients never perform.
 */
import type { ConfigurationProvider } from 'langium';
import type { RtcellSettings } from './protocol.js';
import { SETTINGS_SECTION } from './protocol.js';

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

    /** Margin of the second quick-fix beside an exact minimum, percent, in 0..1000; default 10. */
    get fixMarginPercent(): number {
        return this.fromWorkspace?.quickFixes?.margin ?? this.fromInitialization.quickFixes?.margin ?? DEFAULT_FIX_MARGIN;
    }

    private async refresh(): Promise<void> {
        const inlayHints = await this.configuration.getConfiguration(SETTINGS_SECTION, 'inlayHints');
        const quickFixes = await this.configuration.getConfiguration(SETTINGS_SECTION, 'quickFixes');
        const read = asSettings({ inlayHints, quickFixes });
        this.fromWorkspace = {
            ...this.fromWorkspace,
            ...(inlayHints !== undefined ? { inlayHints: read?.inlayHints ?? {} } : {}),
            ...(quickFixes !== undefined ? { quickFixes: read?.quickFixes ?? {} } : {}),
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
        const enabled = (inlay as { enabled?: unknown }).enabled;
        out.inlayHints = typeof enabled === 'boolean' ? { enabled } : {};
    }
    const fixes = (value as { quickFixes?: unknown }).quickFixes;
    if (typeof fixes === 'object' && fixes !== null) {
        const margin = (fixes as { margin?: unknown }).margin;
        out.quickFixes = typeof margin === 'number' && Number.isFinite(margin) && margin >= 0 && margin <= 1000 ? { margin } : {};
    }
    return out;
}
