/** Import of Jailhouse configurations (`.cell` images) into rtcell: decode, build the system, format. Pure. */
export { decodeJailhouseConfig } from './decode-config.js';
export { buildImportedSystem, type DecodedInput } from './build-system.js';
export { formatImportedSystem, importSummary } from './format-rtcell.js';
export { ImportError, type ImportErrorCode } from './import-error.js';
export { JAILHOUSE_TREES, LAYOUTS, type JailhouseTree } from './layouts.js';
export type { ImportedSystem, ImportedCell, ImportNote } from './imported-system.js';
export type { RawConfig } from './raw-config.js';
export { diffConfigs, type FieldDifference } from './diff-configs.js';
