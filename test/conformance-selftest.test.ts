// The conformance harness's own self-test (conformance/selftest.ts: the scenario DSL, the
// pcap/pcapng reader, the frame decoder, fact extraction and comparison) runs in every npm test,
// so a change to the harness cannot quietly break what the live comparison relies on.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

it('the conformance harness passes its self-test', () => {
  const root = fileURLToPath(new URL('..', import.meta.url));
  let out: string;
  try {
    out = execFileSync(process.execPath, ['--import', 'tsx', 'conformance/selftest.ts'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    throw new Error(`conformance/selftest.ts failed:\n${err.stdout ?? ''}${err.stderr ?? ''}`);
  }
  const m = /(\d+) passed, (\d+) failed/.exec(out);
  expect(m, out).not.toBeNull();
  expect(Number(m?.[2])).toBe(0);
  expect(Number(m?.[1])).toBeGreaterThan(5);
}, 90_000);
