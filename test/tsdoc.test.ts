// DESIGN.md house rule 4: every public symbol has TSDoc: a summary, its parameters and, for
// functions, classes and public methods, an example. scripts/tsdoc-audit.ts walks what the
// package's entry points export (skipping @internal) and lists what is missing.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { auditTsdoc, entryPoints } from '../scripts/tsdoc-audit.js';

const root = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');

describe('TSDoc coverage', () => {
  it('every public symbol has a summary, its @params and (callables and classes) an @example', () => {
    expect(auditTsdoc(entryPoints(root)).map((g) => `${g.symbol}: ${g.missing}`)).toEqual([]);
  });

  it('reports exactly the gaps of a module with known gaps', () => {
    const gaps = auditTsdoc([`${root}/test/fixtures/tsdoc/sample.ts`]).map((g) => `${g.symbol}: ${g.missing}`);
    expect(gaps).toEqual(['Box.take: @example', 'noExample: @example', 'noExample: @param b', 'Shape.b: summary', 'undocumented: summary']);
  });
});
