import { describe, expect, it } from 'vitest';
import { Ipv4Address, Ipv4Cidr } from '../../src/wire/index.js';
import { expectCode } from '../support/errors.js';

describe('Ipv4Address', () => {
  it('parses dotted decimal', () => {
    expect(Ipv4Address.parse('10.244.0.2').value).toBe(0x0af40002);
    expect(String(Ipv4Address.fromNumber(0xffffffff))).toBe('255.255.255.255');
  });
  it.each(['10.0.0', '10.0.0.256', '10.0.0.01', '10.0.0.-1', 'a.b.c.d', '', '10..0.1', '1.2.3.4.5', ' 1.2.3.4'])('rejects %j', (t) => {
    expectCode(() => Ipv4Address.parse(t), 'invalid-argument');
  });
  it('classifies addresses', () => {
    expect(Ipv4Address.parse('224.0.0.1').isMulticast).toBe(true);
    expect(Ipv4Address.parse('127.0.0.1').isLoopback).toBe(true);
    expect(Ipv4Address.BROADCAST.isLimitedBroadcast).toBe(true);
    expect(Ipv4Address.ANY.isAny).toBe(true);
  });
});

describe('Ipv4Cidr', () => {
  it('parses an address with its prefix and derives network, broadcast and mask', () => {
    const c = Ipv4Cidr.parse('10.244.0.2/24');
    expect(String(c.address)).toBe('10.244.0.2');
    expect(c.prefixLength).toBe(24);
    expect(String(c.network)).toBe('10.244.0.0');
    expect(String(c.broadcast)).toBe('10.244.0.255');
    expect(String(c.netmask)).toBe('255.255.255.0');
    expect(c.contains('10.244.0.200')).toBe(true);
    expect(c.contains('10.244.1.1')).toBe(false);
    expect(String(Ipv4Cidr.parse('10.0.0.1'))).toBe('10.0.0.1/32');
    expect(Ipv4Cidr.parse('0.0.0.0/0').contains('1.2.3.4')).toBe(true);
    expect(String(Ipv4Cidr.parse('10.0.0.0/16').broadcast)).toBe('10.0.255.255');
  });
  it.each(['10.0.0.0/33', '10.0.0.0/', '10.0.0.0/-1', '10.0.0.0/08', '10.0.0/24', '10.0.0.0/24/1'])('rejects %j', (t) => {
    expectCode(() => Ipv4Cidr.parse(t), 'invalid-argument');
  });
  it.each(['10.244.0.999/24', '10.244.0/24', '10.0.0.0/33'])('names the whole input in its error: %j', (t) => {
    expect(() => Ipv4Cidr.parse(t)).toThrow(`invalid IPv4 CIDR "${t}"`);
  });
});
