/**
 * Digests of a drop's files, in one streaming pass each: the MD5 of the gzip bytes (what a single-part
 * S3 upload's ETag is, to verify the upload) and a SHA-256 over the decompressed CSV text of every file
 * (the drop's fingerprint). The fingerprint is of the text, not the gzip bytes, because only the text
 * is fixed by the data: compressed bytes may differ between runs that write the same rows.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { FinopsError } from '../../errors.ts';

export interface FileDigest {
  md5: string;
  bytes: number;
}

/** Digests `files` in order; returns each file's MD5 and size, and the fingerprint of them all. */
export async function digestFiles(
  files: readonly string[],
): Promise<{ fingerprint: string; files: FileDigest[] }> {
  const text = createHash('sha256');
  const out: FileDigest[] = [];
  for (const file of files) {
    text.update(`${path.basename(file)}\n`);
    out.push(await digestFile(file, text));
  }
  return { fingerprint: `sha256:${text.digest('hex')}`, files: out };
}

async function digestFile(file: string, text: Hash): Promise<FileDigest> {
  const md5 = createHash('md5');
  let bytes = 0;
  const source = createReadStream(file);
  source.on('data', (chunk: Buffer) => {
    md5.update(chunk);
    bytes += chunk.length;
  });
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text.update(chunk);
      done();
    },
  });
  try {
    await pipeline(source, createGunzip(), sink);
  } catch (error) {
    throw new FinopsError('a data file just written is not valid gzip', { file, cause: error });
  }
  return { md5: md5.digest('hex'), bytes };
}
