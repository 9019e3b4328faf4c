import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addressProblem, outboundUrlProblem, STRICT_OUTBOUND } from '../../lib/outbound/outbound-target.ts';

const ON_PREMISE = { allowPrivate: true } as const;

describe('which URLs from tenant settings the server may call', () => {
  it('refuses internal targets in every spelling: metadata, loopback, private, CGNAT, unique-local, multicast, reserved, mapped, short, decimal, octal, hex', () => {
    const refused = [
      'https://169.254.169.254/latest/meta-data/',
      'https://2852039166/',
      'https://0251.0376.0251.0376/',
      'https://0xa9.0xfe.0xa9.0xfe/',
      'https://0xA9FEA9FE/',
      'https://127.1/',
      'https://0177.0.0.1/',
      'https://0/',
      'https://[::1]/',
      'https://[::]/',
      'https://[::ffff:169.254.169.254]/',
      'https://[::ffff:a9fe:a9fe]/',
      'https://[0:0:0:0:0:ffff:7f00:1]/',
      'https://[fd00:ec2::254]/',
      'https://[fe80::1]/',
      'https://[ff02::1]/',
      'https://[64:ff9b::a9fe:a9fe]/',
      'https://[2002:7f00:1::]/',
      'https://10.0.0.1/',
      'https://172.16.5.4/',
      'https://192.168.0.1/',
      'https://100.64.0.1/',
      'https://100.100.100.200/',
      'https://224.0.0.1/',
      'https://255.255.255.255/',
      'https://198.18.0.1/',
      'https://192.0.2.10/',
      'https://localhost/',
      'https://LOCALHOST./',
      'https://api.localhost/',
      'https://intranet/',
      'http://api.postmarkapp.com/',
      'ftp://files.example.com/',
      'file:///etc/passwd',
    ];
    for (const url of refused) expect(outboundUrlProblem(url, STRICT_OUTBOUND), url).not.toBeNull();
  });

  it('allows public https targets, and with the operator switch private ones and plain http', () => {
    for (const url of ['https://api.postmarkapp.com', 'https://acme.zendesk.com/api', 'https://8.8.8.8/', 'https://[2606:4700::1111]/']) {
      expect(outboundUrlProblem(url, STRICT_OUTBOUND), url).toBeNull();
    }
    expect(outboundUrlProblem('http://127.0.0.1:3000/email', ON_PREMISE)).toBeNull();
    expect(outboundUrlProblem('https://10.1.2.3/', ON_PREMISE)).toBeNull();
    expect(outboundUrlProblem('ftp://10.1.2.3/', ON_PREMISE)).not.toBeNull();
  });

  it('judges resolved addresses as the address they are, IPv4 mapped into IPv6 included', () => {
    for (const address of ['127.0.0.1', '::ffff:127.0.0.1', '::ffff:7f00:1', '169.254.169.254', 'fd00:ec2::254', '::1', '10.9.8.7']) {
      expect(addressProblem(address), address).not.toBeNull();
    }
    expect(addressProblem('93.184.216.34')).toBeNull();
    expect(addressProblem('2606:4700::1111')).toBeNull();
    expect(addressProblem('not-an-address')).not.toBeNull();
  });

  it('any address in an internal range is refused however it is spelled', () => {
    const ranges: [number, number][] = [
      [0x7f000000, 0x7fffffff], // 127/8
      [0x0a000000, 0x0affffff], // 10/8
      [0xa9fe0000, 0xa9feffff], // 169.254/16
      [0xac100000, 0xac1fffff], // 172.16/12
      [0xc0a80000, 0xc0a8ffff], // 192.168/16
      [0x64400000, 0x647fffff], // 100.64/10
    ];
    const address = fc.constantFrom(...ranges).chain(([low, high]) => fc.integer({ min: low, max: high }));
    const spelling = fc.constantFrom('decimal', 'hex', 'octal', 'dotted', 'mapped');
    const spell = (value: number, how: string) => {
      const bytes = [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255];
      if (how === 'decimal') return String(value);
      if (how === 'hex') return `0x${value.toString(16)}`;
      if (how === 'octal') return bytes.map((byte) => `0${byte.toString(8)}`).join('.');
      if (how === 'mapped') return `[::ffff:${bytes.join('.')}]`;
      return bytes.join('.');
    };
    fc.assert(
      fc.property(address, spelling, (value, how) => outboundUrlProblem(`https://${spell(value, how)}/x`, STRICT_OUTBOUND) !== null),
      { numRuns: 500 },
    );
  });
});
