/**
 * l2sim conformance harness CLI.
 *
 *   npx tsx conformance/run.ts [--only NAME[,NAME...]] [--side linux|l2sim|both]
 *                              [--record] [--linux-from DIR] [--json OUT.json]
 *                              [--allow-skip] [--print-facts] [--summary] [--keep-pcap DIR]
 *
 * Exit codes: 0 = no unknown mismatch (and no error); 1 = mismatches or
 * errors; 2 = the real-kernel side was SKIPPED (not root / tools missing)
 * and --allow-skip was not given.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compareFacts } from './compare.js';
import { parseScenario } from './dsl.js';
import { observationToFacts } from './facts.js';
import { knownDifferences } from './known-differences.js';
import { checkRootNeighDefaults, cleanupStaleNamespaces, linuxPrerequisites, runLinux, SkipError } from './linux-side.js';
import { runSim } from './sim-side.js';
import { summarizeFacts } from './summary.js';
import type { ComparisonResult, Fact, Observation, Scenario } from './types.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SCENARIO_DIR = path.join(HERE, 'scenarios');
const RECORDED_DIR = path.join(HERE, 'recorded');

interface Options {
  only: string[];
  side: 'linux' | 'l2sim' | 'both';
  record: boolean;
  linuxFrom?: string;
  json?: string;
  allowSkip: boolean;
  printFacts: boolean;
  summary: boolean;
  keepPcap?: string;
}

const USAGE = `usage: npx tsx conformance/run.ts [options]
  --only NAME[,NAME]   run only these scenarios (exact name or unique prefix, e.g. 01)
  --side S             linux | l2sim | both (default both)
  --record             write the live Linux observation to conformance/recorded/<name>.linux.json
  --linux-from DIR     compare against recorded Linux observations in DIR instead of the kernel
  --json FILE          write observations' facts and comparisons as JSON
  --allow-skip         exit 0 (not 2) when the Linux side must be skipped (not root / tools missing)
  --print-facts        print every fact of each side
  --summary            print a readable digest of each side's facts (frames, tables, changes)
  --keep-pcap DIR      keep the raw tcpdump files of the Linux side in DIR
  --help`;

function parseArgs(argv: string[]): Options {
  const o: Options = { only: [], side: 'both', record: false, allowSkip: false, printFacts: false, summary: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const val = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    switch (a) {
      case '--only':
        o.only.push(...val().split(',').filter(Boolean));
        break;
      case '--side': {
        const v = val();
        if (v !== 'linux' && v !== 'l2sim' && v !== 'both') throw new Error(`--side must be linux, l2sim or both`);
        o.side = v;
        break;
      }
      case '--record':
        o.record = true;
        break;
      case '--linux-from':
        o.linuxFrom = val();
        break;
      case '--json':
        o.json = val();
        break;
      case '--allow-skip':
        o.allowSkip = true;
        break;
      case '--print-facts':
        o.printFacts = true;
        break;
      case '--summary':
        o.summary = true;
        break;
      case '--keep-pcap':
        o.keepPcap = val();
        break;
      case '--help':
      case '-h':
        process.stdout.write(USAGE + '\n');
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument '${a}'\n${USAGE}`);
    }
  }
  if (o.record && o.linuxFrom !== undefined) throw new Error('--record and --linux-from exclude each other');
  if (o.linuxFrom !== undefined && o.side === 'linux') {
    // Replaying Linux alone is allowed (prints/returns its facts), nothing to run.
  }
  return o;
}

async function loadScenarios(only: string[]): Promise<Scenario[]> {
  const files = fs
    .readdirSync(SCENARIO_DIR)
    .filter((f) => /\.(ts|js|mts|mjs)$/.test(f) && !f.endsWith('.d.ts'))
    .sort();
  const all: Scenario[] = [];
  for (const f of files) {
    const mod = (await import(pathToFileURL(path.join(SCENARIO_DIR, f)).href)) as { scenario?: Scenario };
    if (!mod.scenario) throw new Error(`${f} does not export 'scenario'`);
    const base = f.replace(/\.(ts|js|mts|mjs)$/, '');
    if (mod.scenario.name !== base) throw new Error(`${f}: scenario.name '${mod.scenario.name}' must equal the file name '${base}'`);
    parseScenario(mod.scenario); // validate early
    all.push(mod.scenario);
  }
  if (only.length === 0) return all;
  return only.map((o) => {
    const exact = all.find((s) => s.name === o);
    if (exact) return exact;
    const pre = all.filter((s) => s.name.startsWith(o));
    if (pre.length !== 1 || !pre[0]) throw new Error(`--only ${o}: ${pre.length === 0 ? 'no such scenario' : 'ambiguous'} (have: ${all.map((s) => s.name).join(', ')})`);
    return pre[0];
  });
}

interface ScenarioOutcome {
  name: string;
  status: 'ok' | 'mismatch' | 'error' | 'recorded' | 'facts-only' | 'skipped';
  linuxFacts?: Fact[];
  simFacts?: Fact[];
  comparison?: ComparisonResult;
  errors: string[];
}

const fmtT = (t: number | undefined): string => (t === undefined ? '' : ` @${t.toFixed(3)}s`);

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function printTable(outcomes: ScenarioOutcome[]): void {
  const rows: string[][] = [['scenario', 'facts compared', 'matched', 'known', 'mismatched', 'status']];
  for (const o of outcomes) {
    const c = o.comparison;
    const nFacts = o.linuxFacts?.length ?? o.simFacts?.length;
    rows.push([
      o.name,
      c ? String(c.compared) + (c.skipped ? ` (+${c.skipped} skipped)` : '') : nFacts !== undefined ? `- (${nFacts} facts)` : '-',
      c ? String(c.matched) : '-',
      c ? String(c.known) : '-',
      c ? String(c.mismatched) : '-',
      o.status.toUpperCase(),
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string => r.map((c, i) => pad(c, widths[i] ?? 0)).join(' | ');
  process.stdout.write('\n' + line(rows[0]!) + '\n' + widths.map((w) => '-'.repeat(w)).join('-+-') + '\n');
  for (const r of rows.slice(1)) process.stdout.write(line(r) + '\n');
}

function printMismatches(o: ScenarioOutcome): void {
  if (o.errors.length > 0) {
    process.stdout.write(`\n[${o.name}] errors:\n`);
    for (const e of o.errors) process.stdout.write(`  ${e.replace(/\n/g, '\n  ')}\n`);
  }
  const c = o.comparison;
  if (!c || c.mismatches.length === 0) return;
  process.stdout.write(`\n[${o.name}] mismatches:\n`);
  for (const m of c.mismatches) {
    const tag = m.known ? `known(${m.known.id})` : m.kind;
    process.stdout.write(`  ${tag}  ${m.key}\n`);
    process.stdout.write(`      linux: ${m.linux ? m.linux.value + fmtT(m.linux.t) : '(absent)'}\n`);
    process.stdout.write(`      l2sim: ${m.l2sim ? m.l2sim.value + fmtT(m.l2sim.t) : '(absent)'}\n`);
    if (m.known) process.stdout.write(`      reason: ${m.known.reason}\n`);
  }
}

function printFacts(label: string, name: string, facts: Fact[]): void {
  process.stdout.write(`\n[${name}] ${label} facts (${facts.length}):\n`);
  for (const f of facts) process.stdout.write(`  ${f.key} = ${f.value}${fmtT(f.t)}\n`);
}

function readRecorded(dir: string, name: string): Observation {
  const file = path.join(dir, `${name}.linux.json`);
  const obs = JSON.parse(fs.readFileSync(file, 'utf8')) as Observation;
  if (obs.side !== 'linux') throw new Error(`${file}: side is '${String(obs.side)}', expected 'linux'`);
  return obs;
}

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  const scenarios = await loadScenarios(opts.only);
  const log = (m: string): void => void process.stderr.write(m + '\n');
  const wantLinux = opts.side !== 'l2sim' || opts.linuxFrom !== undefined;
  const liveLinux = opts.side !== 'l2sim' && opts.linuxFrom === undefined;
  const wantSim = opts.side !== 'linux';

  let skipped: string | undefined;
  if (liveLinux) {
    skipped = linuxPrerequisites();
    if (skipped !== undefined) {
      const bar = '!'.repeat(72);
      process.stdout.write(`${bar}\nSKIPPED: real-kernel side cannot run: ${skipped}\n${bar}\n`);
      if (!opts.allowSkip) return 2;
    } else {
      cleanupStaleNamespaces(log);
      checkRootNeighDefaults(log);
    }
  }

  const outcomes: ScenarioOutcome[] = [];
  const kernels = new Set<string>();
  for (const s of scenarios) {
    const o: ScenarioOutcome = { name: s.name, status: 'ok', errors: [] };
    outcomes.push(o);
    process.stderr.write(`--- ${s.name}: ${s.title}\n`);
    let linuxObs: Observation | undefined;
    let simObs: Observation | undefined;
    if (wantLinux && skipped === undefined) {
      try {
        if (opts.linuxFrom !== undefined) {
          linuxObs = readRecorded(opts.linuxFrom, s.name);
        } else {
          const runOpts = opts.keepPcap !== undefined ? { log, keepPcapDir: opts.keepPcap } : { log };
          linuxObs = await runLinux(s, runOpts);
          if (opts.record) {
            fs.mkdirSync(RECORDED_DIR, { recursive: true });
            const file = path.join(RECORDED_DIR, `${s.name}.linux.json`);
            fs.writeFileSync(file, JSON.stringify(linuxObs, null, 1) + '\n');
            process.stderr.write(`recorded ${path.relative(process.cwd(), file)}\n`);
          }
        }
        if (linuxObs.kernel !== undefined) kernels.add(linuxObs.kernel);
        o.linuxFacts = observationToFacts(linuxObs, s).facts;
      } catch (e) {
        if (e instanceof SkipError) {
          skipped = e.message;
          o.status = 'skipped';
        } else {
          o.errors.push(`linux side: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        }
      }
    }
    if (wantSim) {
      try {
        simObs = await runSim(s);
        o.simFacts = observationToFacts(simObs, s).facts;
      } catch (e) {
        o.errors.push(`l2sim side: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    if (opts.printFacts) {
      if (o.linuxFacts) printFacts('linux', s.name, o.linuxFacts);
      if (o.simFacts) printFacts('l2sim', s.name, o.simFacts);
    }
    if (opts.summary) {
      if (o.linuxFacts) process.stdout.write(summarizeFacts(`${s.name} (linux)`, o.linuxFacts));
      if (o.simFacts) process.stdout.write(summarizeFacts(`${s.name} (l2sim)`, o.simFacts));
    }
    if (o.linuxFacts && o.simFacts) {
      o.comparison = compareFacts(s, o.linuxFacts, o.simFacts, knownDifferences);
      o.status = o.comparison.mismatched > 0 ? 'mismatch' : 'ok';
    } else if (o.errors.length > 0) {
      o.status = 'error';
    } else if (wantLinux && !o.linuxFacts && skipped !== undefined) {
      o.status = 'skipped';
    } else {
      o.status = opts.record && o.linuxFacts ? 'recorded' : 'facts-only';
    }
    if (o.errors.length > 0) o.status = 'error';
  }

  printTable(outcomes);
  if (kernels.size > 0) {
    const how = opts.linuxFrom !== undefined ? `recorded Linux runs from ${opts.linuxFrom}` : 'live Linux runs';
    process.stdout.write(
      `\nLinux side: ${how}, kernel ${[...kernels].join(', ')}. IPv6 is disabled inside the harness namespaces ` +
        '(no neighbour discovery, DAD or MLD frames, which l2sim does not model); see docs/conformance.md.\n',
    );
  }
  for (const o of outcomes) printMismatches(o);

  if (opts.json !== undefined) {
    fs.writeFileSync(opts.json, JSON.stringify({ outcomes }, null, 1) + '\n');
    process.stderr.write(`wrote ${opts.json}\n`);
  }

  if (skipped !== undefined) {
    process.stdout.write(`\nSKIPPED: real-kernel side: ${skipped}\n`);
    if (!opts.allowSkip) return 2;
  }
  const bad = outcomes.some((o) => o.status === 'error' || o.status === 'mismatch');
  return bad ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
