// Refines the TextMate grammar Langium generates (syntaxes/rtcell.tmLanguage.json) so highlighting reads the way the
// language does: numbers and their units, declaration keywords and the names they introduce, and keywords that contain
// '-' or '/' (Langium's single keyword alternation matches `B` before `B/s` and `dma` inside `dma-setup`).
// Runs after `langium generate` in `npm run build`; keyword and unit lists come from the grammar, never by hand.
import { readFileSync, writeFileSync } from 'node:fs';

const path = 'syntaxes/rtcell.tmLanguage.json';
const grammar = JSON.parse(readFileSync(path, 'utf8'));
// A second run would read the refined patterns as Langium's and write a grammar without keywords.
if (grammar.patterns.some((p) => p.name === 'keyword.other.unit.rtcell')) {
    throw new Error(`refine-textmate: ${path} is already refined; run \`npm run langium:generate\` (generate, then refine)`);
}
const keywordRule = grammar.patterns.find((p) => typeof p.match === 'string' && p.name?.startsWith('keyword'));
if (!keywordRule) throw new Error('refine-textmate: no keyword pattern in the generated grammar');
const keywords = /\(([^)]*)\)/.exec(keywordRule.match)[1].split('|');

// Units are the alternatives of the grammar's `Unit` rule (the generated grammar mixes them with the other keywords).
const unitRule = /^Unit returns string:([^;]*);/m.exec(readFileSync('language/rtcell.langium', 'utf8'));
if (!unitRule) throw new Error('refine-textmate: no Unit rule in language/rtcell.langium');
const UNITS = new Set(Array.from(unitRule[1].matchAll(/'([^']+)'/g), (m) => m[1]));
const DECLARATIONS = ['system', 'platform', 'hypervisor', 'cell', 'flow', 'task', 'event', 'vcpu', 'memory', 'resource'];
const escape = (k) => k.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
// Longest first, so `B/s` wins over `B` and `dma-setup` over `dma`.
const alternation = (list) => list.sort((a, b) => b.length - a.length || a.localeCompare(b)).map(escape).join('|');
const bounded = (list) => `(?<![\\w-])(?:${alternation(list)})(?![\\w/-])`;

const unitKeywords = keywords.filter((k) => UNITS.has(k));
const otherKeywords = keywords.filter((k) => !UNITS.has(k));
grammar.patterns = [
    { include: '#comments' },
    grammar.patterns.find((p) => p.name?.startsWith('string')),
    {
        // `cell sensor`, `flow camera`, `task acquire`, `vcpu v0`, `memory ram`, `resource bus`: the declared name.
        match: `(?<![\\w-])(cell|flow|task|event|vcpu|memory|resource)\\s+([_a-zA-Z][\\w-]*)`,
        captures: { 1: { name: 'storage.type.rtcell' }, 2: { name: 'entity.name.type.rtcell' } },
    },
    {
        name: 'constant.numeric.rtcell',
        match: '(?<![\\w.])(?:0[xX][0-9a-fA-F_]+|[0-9][0-9_]*(?:\\.[0-9]+)?)(?![\\w])',
    },
    { name: 'keyword.other.unit.rtcell', match: bounded(unitKeywords) },
    { name: 'storage.type.rtcell', match: bounded(DECLARATIONS.filter((k) => keywords.includes(k))) },
    { name: 'keyword.control.rtcell', match: bounded(otherKeywords.filter((k) => !DECLARATIONS.includes(k))) },
    { name: 'keyword.operator.rtcell', match: '\\.\\.|<=' },
];
writeFileSync(path, JSON.stringify(grammar, null, 2) + '\n');
console.log(`refine-textmate: ${path} (${unitKeywords.length} units, ${otherKeywords.length} keywords)`);
