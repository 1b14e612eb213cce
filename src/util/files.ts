import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Config, key, password and known_hosts files are far smaller than this. */
export const FILE_LIMIT_BYTES = 1_000_000;

/**
 * Reads a UTF-8 file of at most `limit` bytes, never more than limit + 1 bytes whatever the file
 * is (a huge file, /dev/zero): the size is checked before the content is read. A larger file
 * throws an error with code EFBIG.
 */
export function readBounded(path: string, limit: number): string {
  const fd = openSync(path, 'r');
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw Object.assign(new Error(`${path} is a directory`), { code: 'EISDIR' });
    if (st.isFile() && st.size > limit) throw Object.assign(new Error(`${path} is larger than ${limit} bytes`), { code: 'EFBIG' });
    const buf = Buffer.alloc(limit + 1);
    let got = 0;
    for (;;) {
      const n = readSync(fd, buf, got, buf.length - got, null);
      if (n === 0) break;
      got += n;
      if (got > limit) throw Object.assign(new Error(`${path} is larger than ${limit} bytes`), { code: 'EFBIG' });
    }
    return buf.subarray(0, got).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
