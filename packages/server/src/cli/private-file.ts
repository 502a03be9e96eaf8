import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** A size for people: KiB under a MiB (a small file is not "0.0 MiB"). */
export const size = (bytes: number) => (bytes < 2 ** 20 ? `${(bytes / 2 ** 10).toFixed(1)} KiB` : `${(bytes / 2 ** 20).toFixed(1)} MiB`);

/**
 * Writes a file that holds secrets (a backup, an export): privately (mode 0600) beside its
 * destination, renamed into place only once complete and flushed, so `out` is never half
 * written; a failure leaves nothing behind. `fill` writes through `write`; progress goes to
 * stderr as `label… n MiB` when that is a terminal (and `quiet` is not set). Answers the bytes.
 */
export async function writePrivately(
  out: string,
  label: string,
  quiet: boolean,
  fill: (write: (bytes: Uint8Array) => Promise<void>) => Promise<void>,
): Promise<number> {
  const partial = join(dirname(out), `.${basename(out)}.${process.pid}.partial`);
  const file = await open(partial, 'wx', 0o600);
  let bytes = 0;
  const ticker = process.stderr.isTTY && !quiet ? setInterval(() => process.stderr.write(`\r${label}… ${size(bytes)}`), 200) : null;
  try {
    await fill(async (chunk) => {
      await file.write(chunk);
      bytes += chunk.byteLength;
    });
    await file.sync();
    await file.close();
    await rename(partial, out);
    return bytes;
  } catch (error) {
    await file.close().catch(() => undefined);
    await rm(partial, { force: true });
    throw error;
  } finally {
    if (ticker) {
      clearInterval(ticker);
      process.stderr.write('\r\x1b[K');
    }
  }
}
