/**
 * `--format sarif` from `check` and `analyze`: a SARIF 2.1.0 log (OASIS standard, schema sarif-schema-2.1.0.json)
 * that CI code scanning reads. The structure is checked against the schema's rules for the objects rtcell writes: the
 * required properties, the allowed properties (the schema forbids others on these objects: additionalProperties
 * false), the enumerations (version, level) and the minimum of 1 for region lines and columns.
 */
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { EXAMPLES_DIR } from '../language/helpers.js';
import { runCliProcess } from './run-cli.js';

interface Shape {
    required: string[];
    allowed: string[];
}

// From the SARIF 2.1.0 schema (sarifLog, run, tool, toolComponent, reportingDescriptor, result, message, location,
// physicalLocation, artifactLocation, region, multiformatMessageString): required and permitted property names.
const SHAPES: Record<string, Shape> = {
    sarifLog: { required: ['version', 'runs'], allowed: ['$schema', 'version', 'runs', 'inlineExternalProperties', 'properties'] },
    run: { required: ['tool'], allowed: ['tool', 'results', 'artifacts', 'invocations', 'originalUriBaseIds', 'columnKind', 'properties', 'language', 'automationDetails'] },
    tool: { required: ['driver'], allowed: ['driver', 'extensions', 'properties'] },
    toolComponent: { required: ['name'], allowed: ['name', 'informationUri', 'version', 'semanticVersion', 'rules', 'fullName', 'organization', 'properties'] },
    reportingDescriptor: { required: ['id'], allowed: ['id', 'name', 'shortDescription', 'fullDescription', 'helpUri', 'help', 'defaultConfiguration', 'properties'] },
    multiformatMessageString: { required: ['text'], allowed: ['text', 'markdown', 'properties'] },
    result: { required: ['message'], allowed: ['ruleId', 'ruleIndex', 'rule', 'kind', 'level', 'message', 'locations', 'fingerprints', 'partialFingerprints', 'properties'] },
    message: { required: [], allowed: ['text', 'markdown', 'id', 'arguments', 'properties'] },
    location: { required: [], allowed: ['id', 'physicalLocation', 'logicalLocations', 'message', 'annotations', 'relationships', 'properties'] },
    physicalLocation: { required: ['artifactLocation'], allowed: ['address', 'artifactLocation', 'region', 'contextRegion', 'properties'] },
    artifactLocation: { required: [], allowed: ['uri', 'uriBaseId', 'index', 'description', 'properties'] },
    region: { required: [], allowed: ['startLine', 'startColumn', 'endLine', 'endColumn', 'charOffset', 'charLength', 'byteOffset', 'byteLength', 'snippet', 'message', 'sourceLanguage', 'properties'] },
};

function conforms(kind: string, value: Record<string, unknown>, path: string): void {
    const shape = SHAPES[kind];
    expect(typeof value, path).toBe('object');
    for (const key of shape.required) expect(value, `${path} requires ${key}`).toHaveProperty(key);
    for (const key of Object.keys(value)) expect(shape.allowed, `${path}.${key} is not a ${kind} property`).toContain(key);
}

/** Walks a SARIF log and checks each object rtcell writes. */
function checkSarif(log: Record<string, any>): void {
    conforms('sarifLog', log, 'log');
    expect(log.version).toBe('2.1.0');
    expect(Array.isArray(log.runs)).toBe(true);
    log.runs.forEach((run: Record<string, any>, r: number) => {
        conforms('run', run, `runs[${r}]`);
        conforms('tool', run.tool, `runs[${r}].tool`);
        conforms('toolComponent', run.tool.driver, `runs[${r}].tool.driver`);
        for (const rule of run.tool.driver.rules ?? []) {
            conforms('reportingDescriptor', rule, 'rule');
            if (rule.shortDescription) conforms('multiformatMessageString', rule.shortDescription, 'rule.shortDescription');
        }
        const ruleIds = new Set((run.tool.driver.rules ?? []).map((rule: { id: string }) => rule.id));
        for (const result of run.results ?? []) {
            conforms('result', result, 'result');
            conforms('message', result.message, 'result.message');
            expect(typeof result.message.text).toBe('string');
            expect(['none', 'note', 'warning', 'error']).toContain(result.level);
            expect(ruleIds.has(result.ruleId)).toBe(true);
            for (const location of result.locations ?? []) {
                conforms('location', location, 'location');
                conforms('physicalLocation', location.physicalLocation, 'physicalLocation');
                conforms('artifactLocation', location.physicalLocation.artifactLocation, 'artifactLocation');
                const region = location.physicalLocation.region;
                conforms('region', region, 'region');
                for (const key of ['startLine', 'startColumn', 'endLine', 'endColumn']) expect(region[key]).toBeGreaterThanOrEqual(1);
            }
        }
    });
}

const BROKEN = join(EXAMPLES_DIR, 'broken.rtcell');

describe('SARIF output', () => {
    test('check --format sarif: every diagnostic at its line and column, file relative to the working folder', async () => {
        const text = await runCliProcess(['check', BROKEN]);
        const r = await runCliProcess(['check', BROKEN, '--format', 'sarif']);
        expect(r.code).toBe(1);
        const log = JSON.parse(r.out);
        checkSarif(log);
        const results = log.runs[0].results;
        const lines = text.out.trim().split('\n');
        expect(results.length).toBe(lines.length);
        // The same diagnostics as the text form, 1-based on both sides.
        const first = /:(\d+):(\d+) (\w+) (\S+) /.exec(lines[0])!;
        expect(results[0].locations[0].physicalLocation.region).toMatchObject({ startLine: Number(first[1]), startColumn: Number(first[2]) });
        expect(results[0].ruleId).toBe(first[4]);
        expect(results.some((x: { ruleId: string; level: string }) => x.ruleId === 'linking-error' && x.level === 'error')).toBe(true);
        expect(results[0].locations[0].physicalLocation.artifactLocation.uri).toBe(relative(process.cwd(), BROKEN));
        // The same per-file limit as the text form, the rest counted in the run's property bag.
        const capped = JSON.parse((await runCliProcess(['check', BROKEN, '--format', 'sarif', '--max-diagnostics', '2'])).out);
        checkSarif(capped);
        expect(capped.runs[0].results).toEqual(results.slice(0, 2));
        expect(capped.runs[0].properties).toEqual({ omittedDiagnostics: results.length - 2 });
    });

    test('analyze --format sarif: unschedulable items are errors and inconclusive ones warnings, at their declarations', async () => {
        const fixtures = new URL('./fixtures/', import.meta.url).pathname;
        const late = await runCliProcess(['analyze', join(fixtures, 'unschedulable.rtcell'), '--format', 'sarif']);
        expect(late.code).toBe(1);
        const lateLog = JSON.parse(late.out);
        checkSarif(lateLog);
        expect(lateLog.runs[0].results).toHaveLength(1);
        const result = lateLog.runs[0].results[0];
        expect(result).toMatchObject({ ruleId: 'unschedulable', level: 'error' });
        expect(result.message.text).toMatch(/task 'b\.lo' is unschedulable/);
        // `task lo` is on line 7 of the fixture.
        expect(result.locations[0].physicalLocation.region.startLine).toBe(7);
        const unsure = await runCliProcess(['analyze', join(fixtures, 'inconclusive.rtcell'), '--format', 'sarif']);
        expect(unsure.code).toBe(4);
        const unsureLog = JSON.parse(unsure.out);
        checkSarif(unsureLog);
        expect(unsureLog.runs[0].results.map((x: { ruleId: string; level: string }) => [x.ruleId, x.level])).toEqual([['inconclusive', 'warning']]);
        const clean = await runCliProcess(['analyze', join(EXAMPLES_DIR, 'zcu102-broker.rtcell'), '--format', 'sarif']);
        expect(clean.code).toBe(0);
        checkSarif(JSON.parse(clean.out));
        expect(JSON.parse(clean.out).runs[0].results).toEqual([]);
    });

    test('a file with errors: analyze --format sarif still logs its diagnostics (no analysis), exit 2', async () => {
        const r = await runCliProcess(['analyze', BROKEN, '--format', 'sarif']);
        expect(r.code).toBe(2);
        expect(r.err).toMatch(/has errors; fix them first/);
        const log = JSON.parse(r.out);
        checkSarif(log);
        const check = JSON.parse((await runCliProcess(['check', BROKEN, '--format', 'sarif'])).out);
        expect(log.runs[0].results).toEqual(check.runs[0].results);
    });
});
