import { AddressGuard } from './addressGuard';

describe('AddressGuard', () => {
  const guard = AddressGuard.create();

  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.1.2', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['100.100.100.200', 'carrier-grade NAT'],
    ['0.0.0.0', 'this network'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['fd00:ec2::254', 'unique local (private)'],
    ['fc00::1', 'unique local (private)'],
    ['fe80::1', 'link-local'],
    ['::', 'unspecified'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:169.254.169.254', 'link-local (cloud metadata)'],
    ['::ffff:a9fe:a9fe', 'link-local (cloud metadata)'],
    ['::ffff:10.0.0.1', 'private'],
    ['64:ff9b::a9fe:a9fe', 'NAT64'],
    ['2002:a9fe:a9fe::1', '6to4'],
    ['::7f00:1', 'IPv4-compatible'],
    ['[::1]', 'loopback'],
  ])('refuses %s as %s', (address, label) => {
    expect(guard.refusal(address)).toContain(label);
  });

  it.each(['93.184.216.34', '140.82.112.3', '2606:4700::6810:84e5', '::ffff:8.8.8.8', '172.32.0.1', '11.0.0.1'])(
    'lets %s through',
    address => {
      expect(guard.refusal(address)).toBeUndefined();
    },
  );

  it('refuses what is not an IP address', () => {
    expect(guard.refusal('localhost')).toBe('localhost is not an IP address');
    expect(guard.refusal('127.1')).toBe('127.1 is not an IP address');
  });

  it('lets an administrator allow ranges, and only those', () => {
    const allowing = AddressGuard.create(['127.0.0.1/32', '10.20.0.0/16']);
    expect(allowing.refusal('127.0.0.1')).toBeUndefined();
    expect(allowing.refusal('10.20.3.4')).toBeUndefined();
    expect(allowing.refusal('::ffff:127.0.0.1')).toBeUndefined();
    expect(allowing.refusal('127.0.0.2')).toContain('loopback');
    expect(allowing.refusal('10.21.0.1')).toContain('private');
    expect(allowing.refusal('169.254.169.254')).toContain('metadata');
  });

  it('names an allowed range that is not one', () => {
    expect(() => AddressGuard.create(['10.0.0.0/33'])).toThrow('"10.0.0.0/33" is not an address range');
    expect(() => AddressGuard.create(['intranet'])).toThrow('"intranet" is not an address range');
  });
});
