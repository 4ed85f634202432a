// Every ```ts block in the README and docs/ type-checks against the real API, so a renamed method
// or a changed signature cannot leave the documentation behind. Each block is compiled as its own
// module, `from 'l2sim'` pointing at src/; names a block uses without defining (the `sim`, `pod1`,
// `cni0` of the surrounding prose) are declared from the table below, per page where they differ.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const PAGES = ['README.md', ...readdirSync(`${root}/docs`).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`), ...readdirSync(`${root}/docs/concepts`).filter((f) => f.endsWith('.md')).map((f) => `docs/concepts/${f}`)];

/** What the prose around a snippet has defined, by name. */
const FREE: Record<string, string> = {
  sim: 'Simulator',
  node: 'NetworkNamespace',
  pod: 'NetworkNamespace',
  pod1: 'NetworkNamespace',
  pod2: 'NetworkNamespace',
  cni0: 'LinuxBridge',
  frame: 'Frame',
  port: 'BridgePort',
  myNow: 'number',
  myNowInNanoseconds: 'number',
  k8s: 'KubernetesNode',
  ping: 'Ping',
};
const FREE_BY_PAGE: Record<string, Record<string, string>> = {
  'docs/guide.md': { pod1: 'KubernetesPod', pod2: 'KubernetesPod' },
};

interface Snippet {
  page: string;
  line: number;
  code: string;
}

function snippets(): Snippet[] {
  const out: Snippet[] = [];
  for (const page of PAGES) {
    const lines = readFileSync(`${root}/${page}`, 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (lines[i]!.trim() !== '```ts') continue;
      const start = i + 1;
      let j = start;
      while (j < lines.length && lines[j]!.trim() !== '```') j++;
      out.push({ page, line: start + 1, code: lines.slice(start, j).join('\n') });
      i = j;
    }
  }
  return out;
}

function compile(files: Map<string, string>): ts.Diagnostic[] {
  const options: ts.CompilerOptions = {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: ['node'],
    noEmit: true,
    skipLibCheck: true,
    allowImportingTsExtensions: true,
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, onError) => (files.has(name) ? ts.createSourceFile(name, files.get(name)!, lang) : getSourceFile(name, lang, onError));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => files.has(name) || fileExists(name);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => files.get(name) ?? readFile(name);
  const program = ts.createProgram([...files.keys()], options, host);
  return [...files.keys()].flatMap((f) => [...program.getSyntacticDiagnostics(program.getSourceFile(f)), ...program.getSemanticDiagnostics(program.getSourceFile(f))]);
}

/** Names a snippet may use without importing them: the library's own exports, and node:fs's. */
const LIBRARY = new Set(Object.keys(await import('../src/index.js')));
const NODE_FS = new Set(['writeFileSync', 'readFileSync']);

function source(s: Snippet, missing: readonly string[]): string {
  const body = s.code.replace(/from 'l2sim'/g, `from '${root}/src/index.ts'`);
  const table = { ...FREE, ...FREE_BY_PAGE[s.page] };
  const lib = missing.filter((n) => LIBRARY.has(n) && table[n] === undefined);
  const fs = missing.filter((n) => NODE_FS.has(n));
  const declared = missing.filter((n) => table[n] !== undefined);
  const types = [
    `import type { BridgePort as T_BridgePort, Frame as T_Frame, KubernetesNode, KubernetesPod, LinuxBridge as T_LinuxBridge, NetworkNamespace as T_NetworkNamespace, Ping as T_Ping, Simulator as T_Simulator } from '${root}/src/index.ts';`,
    lib.length > 0 ? `import { ${lib.join(', ')} } from '${root}/src/index.ts';` : '',
    fs.length > 0 ? `import { ${fs.join(', ')} } from 'node:fs';` : '',
  ].join('\n');
  const typeName = (t: string): string => (['BridgePort', 'Frame', 'LinuxBridge', 'NetworkNamespace', 'Ping', 'Simulator'].includes(t) ? `T_${t}` : t);
  const decls = declared.map((n) => `declare const ${n}: ${typeName(table[n]!)};`).join('\n');
  // Declarations first; the snippet's own lines after a marker so errors map back to the page.
  return `${types}\n${decls}\nexport {};\n${body}\n`;
}

describe('code in the docs', () => {
  const all = snippets();
  it('finds the snippets', () => {
    expect(all.length).toBeGreaterThanOrEqual(10);
  });

  it('every ```ts block type-checks against the API (names from the prose declared from a table)', () => {
    const name = (i: number): string => `${root}/.docs-snippet-${i}.ts`;
    // Pass 1: which names does each block use without defining them?
    const first = new Map(all.map((s, i) => [name(i), source(s, [])]));
    const missing = new Map<string, Set<string>>();
    for (const d of compile(first)) {
      if ((d.code !== 2304 && d.code !== 2552) || d.file === undefined) continue; // Cannot find name 'x' (Did you mean …?)
      const n = ts.flattenDiagnosticMessageText(d.messageText, '\n').match(/'([^']+)'/)?.[1];
      if (n !== undefined) (missing.get(d.file.fileName) ?? missing.set(d.file.fileName, new Set()).get(d.file.fileName)!).add(n);
    }
    const unknown = all.flatMap((s, i) => [...(missing.get(name(i)) ?? [])].filter((n) => ({ ...FREE, ...FREE_BY_PAGE[s.page] })[n] === undefined && !LIBRARY.has(n) && !NODE_FS.has(n)).map((n) => `${s.page}:${s.line} uses '${n}', which neither the block nor the table defines`));
    expect(unknown).toEqual([]);
    // Pass 2: with those names declared, no error is left.
    const second = new Map(all.map((s, i) => [name(i), source(s, [...(missing.get(name(i)) ?? [])])]));
    const errors = compile(second).map((d) => {
      const i = d.file === undefined ? -1 : [...second.keys()].indexOf(d.file.fileName);
      const s = all[i];
      const msg = ts.flattenDiagnosticMessageText(d.messageText, ' ');
      if (s === undefined || d.file === undefined || d.start === undefined) return msg;
      const headerLines = second.get(d.file.fileName)!.split('\n').length - s.code.split('\n').length - 1;
      const { line } = d.file.getLineAndCharacterOfPosition(d.start);
      return `${s.page}:${s.line + line - headerLines}: ${msg}`;
    });
    expect(errors).toEqual([]);
  });
});
