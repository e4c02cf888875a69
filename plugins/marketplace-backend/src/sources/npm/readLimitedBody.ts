/**
 * Why a response body could not be read whole.
 */
export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`is larger than the limit of ${formatBytes(limitBytes)}`);
    this.name = 'BodyTooLargeError';
  }
}

/**
 * Reads a response body into memory, refusing it as soon as it passes
 * `limitBytes` (by its declared length when there is one, else while
 * streaming) so a huge or endless body never fills the memory.
 */
export async function readLimitedBody(
  response: Response,
  limitBytes: number,
): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limitBytes) {
    await response.body?.cancel();
    throw new BodyTooLargeError(limitBytes);
  }
  if (!response.body) {
    return Buffer.alloc(0);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limitBytes) {
      await reader.cancel();
      throw new BodyTooLargeError(limitBytes);
    }
    chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
  }
  return Buffer.concat(chunks, total);
}

/** `20971520` → `20 MiB`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0)
    return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
