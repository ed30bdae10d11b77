/** The client address as headers give it: only a real IPv4/IPv6 address is believed, else "unknown". */
import { describe, expect, it } from 'vitest';
import { clientIpFrom } from '../../src/domain/ip-address';

describe('clientIpFrom', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    [' 203.0.113.7 ', '203.0.113.7'],
    ['0.0.0.0', '0.0.0.0'],
    ['255.255.255.255', '255.255.255.255'],
    ['2001:db8::1', '2001:db8::1'],
    ['2001:DB8:AA:BB:1:2:3:4', '2001:db8:aa:bb:1:2:3:4'],
    ['::1', '::1'],
    ['::ffff:203.0.113.7', '::ffff:203.0.113.7'],
  ])('accepts %j as %j', (raw, ip) => expect(clientIpFrom(raw)).toBe(ip));

  it.each([
    ['6.6.6.6<script>'],
    ['256.1.1.1'],
    ['1.2.3'],
    ['01.2.3.4'],
    ['1.2.3.4, 5.6.7.8'],
    ['2001:db8::1::2'],
    ['fe80::1%eth0'],
    ['evil.example'],
    [''],
    ['1.2.3.4\u0000'],
    ['x'.repeat(5000)],
  ])('refuses %j as "unknown"', (raw) => expect(clientIpFrom(raw)).toBe('unknown'));

  it('says "unknown" when there is no header', () => expect(clientIpFrom(undefined)).toBe('unknown'));
});
