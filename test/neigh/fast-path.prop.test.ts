// connectedMac and outputMac (the namespace's hot path) agree with output(): a twin table driven by
// the same operations, where one side asks outputMac and the other output, ends in the same state.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { harness, ipv, macv } from '../support/arp-harness.js';

const IP = ipv('10.0.0.2');
const M1 = macv('02:00:00:00:00:01');
const M2 = macv('02:00:00:00:00:02');

type Op =
  | { k: 'output' }
  | { k: 'request-for-us'; mac: number }
  | { k: 'reply'; mac: number; unicast: boolean }
  | { k: 'advance'; ms: number }
  | { k: 'flush' };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.constant({ k: 'output' } as Op),
  fc.constantFrom(M1, M2).map((mac) => ({ k: 'request-for-us', mac }) as Op),
  fc.tuple(fc.constantFrom(M1, M2), fc.boolean()).map(([mac, unicast]) => ({ k: 'reply', mac, unicast }) as Op),
  fc.integer({ min: 1, max: 40_000 }).map((ms) => ({ k: 'advance', ms }) as Op),
  fc.constant({ k: 'flush' } as Op),
);

describe('neighbour fast path', () => {
  it('outputMac = output for entries with a MAC; -1 (and nothing changed) otherwise; connectedMac only for CONNECTED', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        const a = harness();
        const b = harness();
        let n = 0;
        for (const o of ops) {
          for (const h of [a, b]) {
            if (o.k === 'output') h.table.output(1, IP, `p${n}`, h.now);
            else if (o.k === 'request-for-us') h.table.eventNs(1, IP, o.mac, h.now);
            else if (o.k === 'reply') h.table.learn(1, IP, o.mac, { reply: true, unicastToUs: o.unicast, garp: false, create: false }, h.now);
            else if (o.k === 'advance') h.runTo(h.now + o.ms * 1_000_000);
            else h.table.flushDevice(1, false);
          }
          n++;
          // The probe: the fast path on a, the full output on b.
          const state = a.table.stateOf(1, IP);
          const conn = a.table.connectedMac(1, IP);
          expect(conn >= 0).toBe(state === 'REACHABLE' || state === 'PERMANENT' || state === 'NOARP');
          const before = JSON.stringify(a.table.entries());
          const fast = a.table.outputMac(1, IP, a.now);
          if (fast < 0) {
            expect(state === undefined || state === 'NONE' || state === 'FAILED' || state === 'INCOMPLETE').toBe(true);
            expect(JSON.stringify(a.table.entries())).toBe(before);
            continue;
          }
          const full = b.table.output(1, IP, `q${n}`, b.now);
          expect(full).toBe(fast);
          expect(JSON.stringify(a.table.entries())).toBe(JSON.stringify(b.table.entries()));
          expect(a.table.nextDeadline()).toBe(b.table.nextDeadline());
        }
      }),
    );
  });
});
