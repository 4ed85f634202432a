import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/sim/index.js';
import { MacAddress } from '../../src/wire/index.js';
import { expectCode } from '../support/errors.js';

describe('MacAddress', () => {
  it('parses colon and dash forms to the canonical lowercase colon form', () => {
    expect(MacAddress.parse('AA:BB:CC:DD:EE:FF').toString()).toBe('aa:bb:cc:dd:ee:ff');
    expect(MacAddress.parse('aa-bb-cc-0-1-2').toString()).toBe('aa:bb:cc:00:01:02');
    expect(MacAddress.parse('02:00:00:00:00:01').value).toBe(0x020000000001);
  });

  it.each([
    ['aa:bb', 'expected 6 octets'],
    ['aa:bb:cc:dd:ee:ff:00', 'expected 6 octets'],
    ['aa:bb:cc:dd:ee:gg', 'not a hex octet'],
    ['aa:bb:cc:dd:ee:', 'not a hex octet'],
    ['aaa:bb:cc:dd:ee:ff', 'not a hex octet'],
    ['aa:bb-cc:dd:ee:ff', 'expected 6 octets'],
    ['', 'expected 6 octets'],
  ])('rejects %j', (text, why) => {
    const e = expectCode(() => MacAddress.parse(text), 'invalid-argument');
    expect(e.message).toContain(why);
  });

  it('names the offending text in the message', () => {
    expect(expectCode(() => MacAddress.parse('aa:bb'), 'invalid-argument').message).toBe('invalid MAC address "aa:bb": expected 6 octets');
  });

  it('classifies addresses', () => {
    const b = MacAddress.BROADCAST;
    expect([b.isBroadcast, b.isMulticast, b.isUnicast, b.isValidUnicast]).toEqual([true, true, false, false]);
    const m = MacAddress.parse('01:00:5e:00:00:01');
    expect([m.isBroadcast, m.isMulticast, m.isLinkLocal]).toEqual([false, true, false]);
    const z = MacAddress.ZERO;
    expect([z.isZero, z.isUnicast, z.isValidUnicast]).toEqual([true, true, false]);
    const l = MacAddress.parse('02:00:00:00:00:01');
    expect([l.isLocallyAdministered, l.isValidUnicast]).toEqual([true, true]);
    expect(MacAddress.parse('00:16:3e:00:00:01').isLocallyAdministered).toBe(false);
    for (let x = 0; x < 16; x++) expect(MacAddress.parse(`01:80:c2:00:00:${x.toString(16)}`).isLinkLocal).toBe(true);
    expect(MacAddress.parse('01:80:c2:00:00:10').isLinkLocal).toBe(false);
  });

  it('orders bytewise and compares by content', () => {
    const a = MacAddress.parse('02:00:00:00:00:01');
    const b = MacAddress.parse('0a:00:00:00:00:00');
    expect(a.compare(b)).toBeLessThan(0);
    expect(a.equals(MacAddress.parse('02-00-00-00-00-01'))).toBe(true);
    expect(JSON.stringify({ a })).toBe('{"a":"02:00:00:00:00:01"}');
  });

  it('converts to and from bytes and numbers, rejecting out-of-range input', () => {
    const m = MacAddress.parse('de:ad:be:ef:00:01');
    expect(MacAddress.fromBytes(m.toBytes()).equals(m)).toBe(true);
    expect(MacAddress.fromBytes(new Uint8Array([0, 0, 1, 2, 3, 4, 5, 6]), 2).toString()).toBe('01:02:03:04:05:06');
    expectCode(() => MacAddress.fromBytes(new Uint8Array(5)), 'invalid-argument');
    expectCode(() => MacAddress.fromNumber(2 ** 48), 'invalid-argument');
    expectCode(() => MacAddress.fromNumber(-1), 'invalid-argument');
    expectCode(() => MacAddress.fromNumber(1.5), 'invalid-argument');
  });

  it('generates random addresses as eth_random_addr does: unicast, locally administered', () => {
    const rng = new Rng(3);
    for (let i = 0; i < 1000; i++) {
      const m = MacAddress.random(rng);
      expect(m.isUnicast).toBe(true);
      expect(m.isLocallyAdministered).toBe(true);
      expect([2, 6, 10, 14]).toContain(m.toBytes()[0]! & 0x0f);
    }
    expect(MacAddress.random(new Rng(5)).equals(MacAddress.random(new Rng(5)))).toBe(true);
  });
});

describe('MacAddress.random and Frame.build bad input', () => {
  it('a missing random source, header or payload is invalid-argument', async () => {
    const { Frame } = await import('../../src/wire/index.js');
    expectCode(() => MacAddress.random(null as never), 'invalid-argument');
    expectCode(() => MacAddress.random({} as never), 'invalid-argument');
    expectCode(() => Frame.build(null as never, new Uint8Array(1)), 'invalid-argument');
    expectCode(() => Frame.build({ dst: 'ff:ff:ff:ff:ff:ff', src: '02:00:00:00:00:01', etherType: 0x800 }, null as never), 'invalid-argument');
    expectCode(() => Frame.build({ dst: 'ff:ff:ff:ff:ff:ff', src: '02:00:00:00:00:01', etherType: 0x800 }, {} as never), 'invalid-argument');
    expect(MacAddress.random(new Rng(1)).isLocallyAdministered).toBe(true);
  });
});
