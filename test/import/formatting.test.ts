/** The import writes formatted rtcell: the language server's formatter leaves every imported file as it is. */
import { describe, expect, it } from 'vitest';
import { formatImportedSystem, JAILHOUSE_TREES } from '../../simulator/import/jailhouse/index.js';
import { loadJailhouseSystem } from '../../simulator/import/jailhouse/load-inputs.js';
import { applyEdits, open, Rtcell } from '../server/helpers.js';
import { builtConfigs } from './fixtures.js';

describe('formatting of imported files', () => {
    it('the formatter (4-space indentation) changes nothing in the import of each tree\'s root with each inmate', async () => {
        let files = 0;
        for (const tree of JAILHOUSE_TREES) {
            const configs = await builtConfigs(tree);
            const root = configs.find((c) => c.name === 'zynqmp-zcu102')!;
            for (const inmate of configs.filter((c) => c.kind === 'cell')) {
                const text = formatImportedSystem(await loadJailhouseSystem(root.image, [inmate.image], { tree }));
                const document = await open(text);
                const edits = await Rtcell.lsp.Formatter!.formatDocument(document, { textDocument: { uri: document.uri.toString() }, options: { tabSize: 4, insertSpaces: true } });
                expect(applyEdits(text, edits as never), `${tree} ${inmate.name}`).toBe(text);
                files++;
            }
        }
        expect(files).toBe(11 + 10 + 3);
    }, 120_000);
});
