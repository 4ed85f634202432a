// The bridge embedded in another simulator (DESIGN §3): a minimal DeviceOwner of our own, an
// event loop that is never run, and the embedder's clock passed to decide() and expire().
import { describe, expect, it } from 'vitest';
import {
  type BridgePort,
  type DeviceEvent,
  type DeviceOwner,
  EventLoop,
  type Frame,
  type LinkContext,
  LinuxBridge,
  MacAddress,
  type NetDevice,
  SECOND,
  Tracer,
  VethPair,
} from '../../src/index.js';
import { expectCode } from '../support/errors.js';
import { frame } from './support.js';

/** Another simulator's notion of a host: just enough of DeviceOwner. */
class Embedder implements DeviceOwner {
  readonly name = 'embedder';
  readonly context: LinkContext;
  readonly loop = new EventLoop();
  private readonly devs = new Map<number, NetDevice>();
  private nextIndex = 1;
  private macs = 0;
  readonly up: { dev: string; frame: Frame; local: boolean }[] = [];

  constructor() {
    this.context = {
      loop: this.loop,
      tracer: new Tracer(),
      randomMac: () => MacAddress.fromNumber(0x02_ee_00_00_00_00 + ++this.macs),
      deviceCreated: () => undefined,
    };
  }
  checkNewDevice(name: string): void {
    if ([...this.devs.values()].some((d) => d.name === name)) throw new Error(`taken: ${name}`);
  }
  deviceByIndex(i: number): NetDevice | undefined {
    return this.devs.get(i);
  }
  attachDevice(dev: NetDevice): number {
    const i = this.nextIndex++;
    this.devs.set(i, dev);
    return i;
  }
  detachDevice(dev: NetDevice): void {
    this.devs.delete(dev.ifindex);
  }
  receive(dev: NetDevice, f: Frame, local = false): void {
    this.up.push({ dev: dev.name, frame: f, local });
  }
  deviceEvent(_dev: NetDevice, _e: DeviceEvent): void {}
}

const H = (i: number): string => `02:00:00:00:00:0${i}`;
const names = (ps: readonly BridgePort[]): string[] => ps.map((p) => p.device.name);

function setup(ageingTime: string | number = '300s'): { emb: Embedder; br: LinuxBridge; ports: VethPair[] } {
  const emb = new Embedder();
  const br = new LinuxBridge(emb, 'br0', { ageingTime });
  const ports = [1, 2, 3].map((i) => {
    const v = new VethPair({ ns: emb, name: `p${i}` }, { ns: emb, name: `h${i}` });
    br.addPort(v.a);
    v.up();
    return v;
  });
  br.up();
  return { emb, br, ports };
}

describe('LinuxBridge.decide with an external clock', () => {
  it('frame + ingress port + now in, egress ports (flood order) and reason out; learning uses the given now', () => {
    const { emb, br, ports } = setup();
    const [p1, p2, p3] = ports.map((v) => br.port(v.a)!);
    const t = 5 * SECOND;
    const bcast = br.decide(frame('ff:ff:ff:ff:ff:ff', H(1)), p1!, t);
    expect(bcast).toMatchObject({ action: 'flood', deliverUp: true, reason: null });
    expect(bcast.egress.map((p) => p.device.name)).toEqual(['p3', 'p2']);
    expect(br.fdbEntries().find((e) => e.mac === H(1))).toMatchObject({ dev: 'p1', updated: t, expires: t + 300 * SECOND });
    // the embedder's loop never ran and nothing was sent
    expect(emb.loop.now).toBe(0);
    expect(emb.loop.executedEvents).toBe(0);
    for (const v of ports) expect(v.a.stats.txPackets).toBe(0);

    const fwd = br.decide(frame(H(1), H(2)), ports[1]!.a, t + 1);
    expect([fwd.action, fwd.deliverUp, names(fwd.egress)]).toEqual(['forward', false, ['p1']]);
    expect(fwd.egress[0]).toBe(p1);
    expect(br.decide(frame(H(9), H(3)), p3!, t + 2)).toMatchObject({ action: 'flood', deliverUp: false });
    expect(names(br.decide(frame(H(9), H(3)), p3!, t + 2).egress)).toEqual(['p2', 'p1']);
    expect(br.decide(frame(H(2), H(1)), p2!, t + 3)).toMatchObject({ action: 'drop', reason: 'ingress-port', egress: [] });
    // H(1) moved to p2 (learned before the decision), so the frame to H(2) from p2 is to its own port
    expect(br.fdbEntries().find((e) => e.mac === H(1))?.dev).toBe('p2');
    expect(br.decide(frame(String(br.mac), H(1)), p2!, t + 4)).toMatchObject({ action: 'local', deliverUp: true, egress: [] });
    expect(br.decide(frame(String(p3!.device.mac), H(1)), p2!, t + 4)).toMatchObject({ action: 'local', deliverUp: true });
    expect(br.decide(frame('01:00:5e:00:00:01', H(1)), p2!, t + 4)).toMatchObject({ action: 'flood', deliverUp: true });
    expect(br.decide(frame('01:80:c2:00:00:01', H(1)), p2!, t + 4)).toMatchObject({ action: 'drop', reason: 'link-local' });
    expect(br.decide(frame(H(2), '01:00:5e:00:00:01'), p2!, t + 4)).toMatchObject({ action: 'drop', reason: 'invalid-source' });
    expect(br.decide(frame(H(2), '00:00:00:00:00:00'), p2!, t + 4)).toMatchObject({ action: 'drop', reason: 'invalid-source' });
    expect(emb.up).toEqual([]); // decide delivers nothing either
  });

  it('respects port flags and states', () => {
    const { br, ports } = setup();
    const [p1, p2, p3] = ports.map((v) => br.port(v.a)!);
    br.setPortFlags('p3', { bcast_flood: false });
    expect(names(br.decide(frame('ff:ff:ff:ff:ff:ff', H(1)), p1!, 0).egress)).toEqual(['p2']);
    br.setPortFlags('p1', { hairpin: true });
    expect(names(br.decide(frame('ff:ff:ff:ff:ff:ff', H(1)), p1!, 0).egress)).toEqual(['p2', 'p1']);
    ports[1]!.b.down(); // p2 loses carrier
    expect(names(br.decide(frame('ff:ff:ff:ff:ff:ff', H(1)), p1!, 0).egress)).toEqual(['p1']);
    expect(br.decide(frame('ff:ff:ff:ff:ff:ff', H(2)), p2!, 0)).toMatchObject({ action: 'drop', reason: 'port-not-forwarding' });
    br.down();
    expect(br.decide(frame('ff:ff:ff:ff:ff:ff', H(3)), p3!, 0)).toMatchObject({ action: 'drop', reason: 'bridge-down' });
    expectCode(() => br.decide(frame('ff:ff:ff:ff:ff:ff', H(3)), br, 0), 'not-found');
  });

  it('ages entries through expire(now), exactly at last-seen + ageing time', () => {
    const { emb, br, ports } = setup('3s');
    const p1 = br.port(ports[0]!.a)!;
    const p2 = br.port(ports[1]!.a)!;
    br.decide(frame('ff:ff:ff:ff:ff:ff', H(1)), p1, 1 * SECOND);
    br.decide(frame(H(1), H(2)), p2, 2 * SECOND); // traffic to H(1) does not refresh it
    br.expire(4 * SECOND - 1);
    expect(br.decide(frame(H(1), H(2)), p2, 4 * SECOND - 1).action).toBe('forward');
    br.expire(4 * SECOND);
    expect(br.fdbEntries().some((e) => e.mac === H(1))).toBe(false);
    expect(br.decide(frame(H(1), H(2)), p2, 4 * SECOND).action).toBe('flood');
    expect(br.fdb.nextDeadline()).toBe(4 * SECOND + 3 * SECOND); // H(2), last seen as a source at 4 s
    expect(emb.loop.now).toBe(0);
  });

  it('the ForwardingDatabase alone needs no loop at all', () => {
    const { br } = setup();
    // the bridge's FDB is the same pure object: the embedder can read its next deadline and drive it
    br.decide(frame('ff:ff:ff:ff:ff:ff', H(1)), br.port('p1')!, 10);
    expect(br.fdb.nextDeadline()).toBe(10 + 300 * SECOND);
    expect(br.fdb.expire(10 + 300 * SECOND).map((e) => MacAddress.fromNumber(e.mac).toString())).toEqual([H(1)]);
  });
});
