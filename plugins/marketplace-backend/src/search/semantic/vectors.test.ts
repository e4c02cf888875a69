import { decodeVector, encodeVector } from './vectors';

describe('vector encoding', () => {
  it('round-trips float32 values as little-endian bytes', () => {
    const vector = Float32Array.from([1, -0.5, 0.25, 3.5e-8]);
    const bytes = encodeVector(vector);
    expect(bytes.byteLength).toBe(16);
    expect(bytes.readFloatLE(4)).toBe(-0.5);
    expect(Array.from(decodeVector(bytes))).toEqual(Array.from(vector));
  });

  it('reads vectors from unaligned buffers', () => {
    const padded = Buffer.concat([Buffer.from([0]), encodeVector(Float32Array.from([2, 4]))]);
    expect(Array.from(decodeVector(padded.subarray(1)))).toEqual([2, 4]);
  });

  it('refuses a length that is not whole floats', () => {
    expect(() => decodeVector(Buffer.from([1, 2, 3]))).toThrow(/multiple of 4/);
  });
});
