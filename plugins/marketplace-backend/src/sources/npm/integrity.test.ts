import { createHash } from 'node:crypto';
import { checkIntegrity } from './integrity';

const data = Buffer.from('the tarball');
const digest = (algorithm: string, encoding: 'base64' | 'hex' = 'base64') =>
  createHash(algorithm).update(data).digest(encoding);

describe('checkIntegrity', () => {
  it('accepts bytes that match the sha512 of dist.integrity', () => {
    expect(
      checkIntegrity(data, { integrity: `sha512-${digest('sha512')}` }),
    ).toEqual({
      ok: true,
      algorithm: 'sha512',
    });
  });

  it('checks only the strongest algorithm on offer, as npm does', () => {
    const other = Buffer.from('other bytes');
    const integrity = `sha1-${digest('sha1')} sha512-${createHash('sha512')
      .update(other)
      .digest('base64')}`;
    expect(checkIntegrity(data, { integrity })).toMatchObject({
      ok: false,
      field: 'integrity',
    });
    expect(
      checkIntegrity(data, {
        integrity: `sha1-${digest('sha1')} sha256-${digest('sha256')}?opt`,
      }),
    ).toEqual({
      ok: true,
      algorithm: 'sha256',
    });
  });

  it('refuses bytes that do not match, naming the digest it computed', () => {
    const result = checkIntegrity(Buffer.from('tampered'), {
      integrity: `sha512-${digest('sha512')}`,
    });
    expect(result).toEqual({
      ok: false,
      field: 'integrity',
      message: expect.stringMatching(
        /^does not match the downloaded tarball \(sha512-.+\); the tarball was not used$/,
      ),
    });
  });

  it('refuses an integrity with no digest it knows', () => {
    expect(checkIntegrity(data, { integrity: 'md5-abc' })).toEqual({
      ok: false,
      field: 'integrity',
      message: 'has no sha512, sha384, sha256 or sha1 digest: "md5-abc"',
    });
  });

  it('falls back to the hex sha1 shasum of old packages', () => {
    expect(checkIntegrity(data, { shasum: digest('sha1', 'hex') })).toEqual({
      ok: true,
      algorithm: 'sha1',
    });
    expect(checkIntegrity(data, { shasum: '0'.repeat(40) })).toMatchObject({
      ok: false,
      field: 'shasum',
    });
  });

  it('has nothing to check without integrity or shasum', () => {
    expect(checkIntegrity(data, {})).toEqual({ ok: true });
  });
});
