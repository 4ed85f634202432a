// Small helpers shared by the examples (not an example itself).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TraceEvent } from '../src/index.js';

/** What every example returns: its printed text, its trace and a capture. */
export interface ExampleResult {
  /** Everything the example prints. */
  text: string;
  /** The trace, one line per event. */
  trace: string;
  /** The recorded trace events that `trace` prints. */
  events: readonly TraceEvent[];
  /** A capture of every device, as pcapng bytes. */
  pcapng: Uint8Array;
}

/** Collects printed lines. */
export class Out {
  private readonly lines: string[] = [];
  say(s = ''): void {
    this.lines.push(s);
  }
  get text(): string {
    return this.lines.join('\n');
  }
}

/**
 * Run `fn` when the module is the program (`npx tsx examples/x.ts [seed]`), printing its text and
 * writing its pcapng to the current directory (or to the directory `L2SIM_EXAMPLES_OUT` names).
 */
export function main(metaUrl: string, file: string, fn: (seed: number) => ExampleResult): void {
  if (process.argv[1] === undefined || metaUrl !== pathToFileURL(process.argv[1]).href) return;
  const seed = process.argv[2] === undefined ? 1 : Number(process.argv[2]);
  const r = fn(seed);
  const dir = process.env.L2SIM_EXAMPLES_OUT;
  const path = dir === undefined || dir === '' ? file : join(dir, file);
  writeFileSync(path, r.pcapng);
  console.log(r.text);
  console.log(`\n(capture written to ${path})`);
}
