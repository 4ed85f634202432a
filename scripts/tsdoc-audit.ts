// TSDoc audit (DESIGN.md house rule 4): every public symbol reachable from the package's entry
// points has a summary; every exported function and class, and every public method and
// constructor, has an @example and a @param for each parameter. Symbols tagged @internal are
// not public. Used by test/tsdoc.test.ts; run directly to list what is missing.
import ts from 'typescript';

/** One missing piece of documentation. */
export interface TsdocGap {
  readonly symbol: string;
  readonly missing: string;
}

const ENTRY_POINTS = ['src/index.ts', 'src/wire/index.ts', 'src/sim/index.ts'];

function tags(node: ts.Node): ts.JSDocTag[] {
  return ts.getJSDocTags(node).slice();
}

function hasSummary(node: ts.Node): boolean {
  // `export const X = …`: the comment belongs to the variable statement.
  if (ts.isVariableDeclaration(node)) node = node.parent.parent;
  const docs = (node as { jsDoc?: ts.JSDoc[] }).jsDoc;
  if (docs === undefined || docs.length === 0) return false;
  const c = docs[docs.length - 1]!.comment;
  const text = typeof c === 'string' ? c : (c ?? []).map((p) => p.text).join('');
  return text.trim() !== '';
}

function isInternal(node: ts.Node): boolean {
  return tags(node).some((t) => t.tagName.text === 'internal');
}

function checkCallable(name: string, node: ts.SignatureDeclarationBase, gaps: TsdocGap[], needExample: boolean): void {
  const t = tags(node);
  if (needExample && !t.some((x) => x.tagName.text === 'example')) gaps.push({ symbol: name, missing: '@example' });
  const documented = new Set(t.filter(ts.isJSDocParameterTag).map((p) => p.name.getText()));
  for (const p of node.parameters) {
    const pn = p.name.getText();
    if (!ts.isIdentifier(p.name)) continue; // destructured: documented as a whole
    if (!documented.has(pn)) gaps.push({ symbol: name, missing: `@param ${pn}` });
  }
}

function inheritsDoc(checker: ts.TypeChecker, cls: ts.ClassDeclaration, member: string): boolean {
  const base = cls.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
  if (base === undefined) return false;
  const prop = checker.getTypeAtLocation(base).getProperty(member);
  return (prop?.declarations ?? []).some((d) => hasSummary(d));
}

/** The package's entry points under `root`. */
export function entryPoints(root = process.cwd()): string[] {
  return ENTRY_POINTS.map((e) => `${root}/${e}`);
}

/** List the gaps in what `entries` (absolute paths of TypeScript modules) export, sorted. */
export function auditTsdoc(entries: readonly string[] = entryPoints()): TsdocGap[] {
  const program = ts.createProgram(entries, {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
  });
  const checker = program.getTypeChecker();
  const gaps: TsdocGap[] = [];
  const seen = new Set<ts.Node>();
  for (const entry of entries) {
    const sf = program.getSourceFile(entry);
    if (sf === undefined) throw new Error(`tsdoc-audit: cannot read ${entry}`);
    const mod = checker.getSymbolAtLocation(sf)!;
    for (let sym of checker.getExportsOfModule(mod)) {
      if (sym.flags & ts.SymbolFlags.Alias) sym = checker.getAliasedSymbol(sym);
      for (const decl of sym.declarations ?? []) {
        if (seen.has(decl)) continue;
        seen.add(decl);
        if (isInternal(decl)) continue;
        const name = sym.getName();
        if (!hasSummary(decl)) gaps.push({ symbol: name, missing: 'summary' });
        if (ts.isFunctionDeclaration(decl)) checkCallable(name, decl, gaps, true);
        if (ts.isClassDeclaration(decl)) {
          if (!tags(decl).some((x) => x.tagName.text === 'example')) gaps.push({ symbol: name, missing: '@example' });
          for (const m of decl.members) {
            const mods = ts.canHaveModifiers(m) ? (ts.getModifiers(m) ?? []) : [];
            if (mods.some((x) => x.kind === ts.SyntaxKind.PrivateKeyword || x.kind === ts.SyntaxKind.ProtectedKeyword)) continue;
            if (m.name !== undefined && ts.isPrivateIdentifier(m.name)) continue;
            if (isInternal(m)) continue;
            const mn = `${name}.${m.name === undefined ? 'constructor' : m.name.getText()}`;
            if (ts.isConstructorDeclaration(m)) {
              if (m.parameters.length > 0) checkCallable(mn, m, gaps, false);
              continue;
            }
            if (ts.isMethodDeclaration(m)) {
              // Overloads: the first signature carries the doc; skip the others and the implementation.
              const first = decl.members.find((o) => ts.isMethodDeclaration(o) && o.name.getText() === m.name.getText());
              if (first !== m) continue;
              // An override without a comment inherits its base method's (typedoc shows that one).
              if (!hasSummary(m) && inheritsDoc(checker, decl, m.name.getText())) continue;
              if (!hasSummary(m)) gaps.push({ symbol: mn, missing: 'summary' });
              checkCallable(mn, m, gaps, true);
            } else if (ts.isPropertyDeclaration(m) || ts.isGetAccessor(m)) {
              if (!hasSummary(m)) gaps.push({ symbol: mn, missing: 'summary' });
            }
          }
        }
        if (ts.isInterfaceDeclaration(decl)) {
          for (const m of decl.members) {
            if (isInternal(m)) continue;
            if (!hasSummary(m)) gaps.push({ symbol: `${name}.${m.name?.getText() ?? '(call)'}`, missing: 'summary' });
          }
        }
      }
    }
  }
  return gaps.sort((a, b) => a.symbol.localeCompare(b.symbol) || a.missing.localeCompare(b.missing));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const gaps = auditTsdoc();
  for (const g of gaps) console.log(`${g.symbol}: ${g.missing}`);
  console.log(`${gaps.length} gaps`);
  process.exitCode = gaps.length === 0 ? 0 : 1;
}
