// A small scenario on the foundation alone: the deterministic event loop, seeded MACs and
// wire-exact frames. Two "hosts" exchange an ARP request and reply through scheduled events.
// Run: npx tsx examples/foundation.ts
import { ArpOp, ArpPacket, EtherType, EventLoop, formatTime, Frame, MacAddress, Rng } from '../src/index.js';

const loop = new EventLoop();
const rng = new Rng(1);
const macA = MacAddress.random(rng.fork('mac:a'));
const macB = MacAddress.random(rng.fork('mac:b'));

function show(f: Frame): void {
  const arp = ArpPacket.decode(f.payload);
  console.log(`${formatTime(loop.now, 6)} ${String(f.src)} > ${String(f.dst)}, ARP, ${arp.ok ? String(arp.value) : '?'}, length ${f.length}`);
  console.log(`         ${f.toHex()}`);
}

loop.schedule(0, () => {
  const req = Frame.build({ dst: MacAddress.BROADCAST, src: macA, etherType: EtherType.ARP }, ArpPacket.request({ sha: macA, spa: '10.0.0.1', tpa: '10.0.0.2' }));
  show(req);
  loop.schedule('10us', () => {
    const r = ArpPacket.decode(req.payload);
    if (!r.ok || r.value.op !== ArpOp.REQUEST) return;
    const reply = Frame.build({ dst: r.value.sha, src: macB, etherType: EtherType.ARP }, ArpPacket.reply({ sha: macB, spa: r.value.tpa, tha: r.value.sha, tpa: r.value.spa }));
    show(reply);
  });
});
loop.runUntilIdle();
console.log(`\n${loop.executedEvents} events; the same seed prints the same MACs and bytes on every machine.`);
