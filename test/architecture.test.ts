// DESIGN.md §3: each layer is a folder under src/; dependencies point one way only. This test
// reads every import under src/ and fails on any edge the table below does not allow.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(__dirname, '../src');

/** Which layers each layer may import (besides itself). */
const ALLOWED: Record<string, readonly string[]> = {
  errors: [],
  sim: ['errors'],
  wire: ['errors'],
  trace: ['errors', 'sim', 'wire'],
  neigh: ['errors', 'sim', 'wire'],
  route: ['errors', 'wire'],
  link: ['errors', 'sim', 'wire', 'trace'],
  bridge: ['errors', 'sim', 'wire', 'trace', 'link'],
  netns: ['errors', 'sim', 'wire', 'trace', 'neigh', 'route', 'link', 'bridge'],
  scenario: ['errors', 'sim', 'wire', 'trace', 'neigh', 'route', 'link', 'bridge', 'netns'],
  index: ['errors', 'sim', 'wire', 'trace', 'neigh', 'route', 'link', 'bridge', 'netns', 'scenario'],
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function layerOf(file: string): string {
  const rel = relative(SRC, file).split(sep);
  return rel.length === 1 ? 'index' : rel[0]!;
}

const IMPORT_RE = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT_RE)) out.push((m[1] ?? m[2])!);
  return out;
}

describe('architecture (DESIGN.md §3)', () => {
  const all = files(SRC);

  it('every layer folder is known and has an index.ts that opens with a comment', () => {
    for (const d of readdirSync(SRC)) {
      if (!statSync(join(SRC, d)).isDirectory()) continue;
      expect(Object.keys(ALLOWED), `unknown layer ${d}`).toContain(d);
      const index = readFileSync(join(SRC, d, 'index.ts'), 'utf8');
      expect(index.trimStart().startsWith('/**'), `${d}/index.ts must open with a comment`).toBe(true);
    }
  });

  it('imports only follow allowed edges', () => {
    const bad: string[] = [];
    for (const f of all) {
      const from = layerOf(f);
      for (const spec of importsOf(f)) {
        if (!spec.startsWith('.')) {
          // Only Node built-ins would be possible; the library has no runtime dependencies.
          bad.push(`${relative(SRC, f)} imports package "${spec}"`);
          continue;
        }
        const target = resolve(dirname(f), spec);
        const to = layerOf(target.replace(/\.js$/, '.ts'));
        if (to !== from && !ALLOWED[from]!.includes(to)) bad.push(`${relative(SRC, f)} (${from}) imports ${spec} (${to})`);
        // Another layer is entered through its index.ts only.
        if (to !== from && to !== 'index' && !target.endsWith(`${sep}${to}${sep}index.js`)) bad.push(`${relative(SRC, f)} (${from}) imports ${spec}: use ${to}/index.ts`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('the import scanner sees imports (guards against a vacuous pass)', () => {
    const n = all.reduce((s, f) => s + importsOf(f).length, 0);
    expect(n).toBeGreaterThan(10);
    expect(importsOf(join(SRC, 'wire', 'frame.ts'))).toContain('./bytes.js');
  });

  // The wall clock, ambient randomness and host timers, in the spellings that reach them directly
  // (a determined author can always hide a global behind an alias; review catches that).
  const BANNED = /\bDate\s*\.\s*now\b|\bDate\s*\[|\bnew\s+Date\b|\bDate\s*\(|\bMath\s*\[|\bMath\s*\.\s*random\b|\bperformance\b|\bprocess\s*\.\s*hrtime\b|\b(setTimeout|setInterval|setImmediate|queueMicrotask|requestAnimationFrame)\b|\bgetRandomValues\b|\brandomUUID\b|\brandomBytes\b|\bnode:crypto\b|['"]crypto['"]|\bnode:perf_hooks\b|\bnode:timers\b/;

  it('nothing under src/ reads the wall clock, ambient randomness or host timers', () => {
    const hits = all.filter((f) => BANNED.test(readFileSync(f, 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '')));
    expect(hits.map((f) => relative(SRC, f))).toEqual([]);
  });

  it('the determinism guard catches each banned spelling (guards against a vacuous pass)', () => {
    const caught = [
      'const t = Date.now();',
      "const t = Date['now']();",
      "const r = Math['random']();",
      'const d = new Date();',
      'const d = new Date(0);',
      'const s = Date();',
      'Math.random()',
      'performance.now()',
      'process.hrtime.bigint()',
      'setTimeout(f, 1)',
      'queueMicrotask(f)',
      'crypto.getRandomValues(a)',
      'crypto.randomUUID()',
      "import { randomBytes } from 'node:crypto';",
      "import { performance } from 'node:perf_hooks';",
      "import { setTimeout } from 'node:timers/promises';",
    ];
    for (const line of caught) expect(BANNED.test(line), line).toBe(true);
    for (const line of ['const updated = now;', 'mandate(1)', 'const dateOf = (x) => x;', 'schedule(delay, fn)']) expect(BANNED.test(line), line).toBe(false);
  });

  it('no default exports and no `export *` at the root', () => {
    for (const f of all) expect(/export\s+default\b/.test(readFileSync(f, 'utf8')), relative(SRC, f)).toBe(false);
    expect(/export\s+\*/.test(readFileSync(join(SRC, 'index.ts'), 'utf8'))).toBe(false);
  });
});
