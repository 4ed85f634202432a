import fc from 'fast-check';
import { Ipv4Address, MacAddress } from '../../src/wire/index.js';

export const macValue = fc.integer({ min: 0, max: 2 ** 48 - 1 });
export const mac = macValue.map((v) => MacAddress.fromNumber(v));
export const ipValue = fc.integer({ min: 0, max: 2 ** 32 - 1 });
export const ip = ipValue.map((v) => Ipv4Address.fromNumber(v));
export const u16 = fc.integer({ min: 0, max: 0xffff });
export const u8 = fc.integer({ min: 0, max: 0xff });
export const bytes = (maxLength = 200): fc.Arbitrary<Uint8Array> => fc.uint8Array({ maxLength });
