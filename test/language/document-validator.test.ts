// The document validator (language/rtcell-document-validator.ts) skips the walk over every node only while no check
// is registered below the root: a check on a nested type must still run.
import { describe, expect, it } from 'vitest';
import { EmptyFileSystem, URI } from 'langium';
import type { Task } from '../../language/generated/ast.js';
import { DEFAULT_ENGINE } from '../../server/default-engine.js';
import { createRtcellServices } from '../../server/rtcell-server-module.js';
import { BASE } from './helpers.js';

async function diagnose(services: ReturnType<typeof createRtcellServices>, text: string) {
    const document = services.shared.workspace.LangiumDocumentFactory.fromString(text, URI.parse(`file:///v/${Math.random()}.rtcell`));
    services.shared.workspace.LangiumDocuments.addDocument(document);
    await services.shared.workspace.DocumentBuilder.build([document], { validation: true });
    return document.diagnostics ?? [];
}

describe('document validator', () => {
    it('runs the root check and, once one is registered, checks on nested nodes too', async () => {
        const services = createRtcellServices(EmptyFileSystem, { engine: DEFAULT_ENGINE });
        const broken = await diagnose(services, BASE.replace('cores 1\n', 'cores 0\n'));
        expect(broken.some((d) => d.code === 'core-conflict')).toBe(true);

        const seen: string[] = [];
        services.Rtcell.validation.ValidationRegistry.register({ Task: (task: Task) => { seen.push(task.name); } });
        await diagnose(services, BASE);
        expect(seen.length).toBeGreaterThan(0);
    });
});
