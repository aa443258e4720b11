/**
 * A file that mixes LF and CRLF line endings is rewritten with LF before DuckDB reads it; a CRLF inside a
 * quoted field belongs to the value and is kept.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { scanLineEndings, withLfEndings } from '../../src/stores/file-checks.ts';
import { tempDir } from '../helpers/tmp.ts';

const mixed = 'a,b\r\n1,"two\r\nlines"\n2,x\r\n3,"cr\ronly"\r';

describe('a file with mixed line endings', () => {
  it('is seen as mixed, and rewritten with LF endings that keep the CRLF inside a quoted field', async () => {
    const dir = await tempDir('line-endings');
    const plain = path.join(dir, 'plain.csv');
    await writeFile(plain, mixed);
    expect((await scanLineEndings(plain)).kind).toBe('mixed');
    const out = await withLfEndings(plain, false, path.join(dir, 'out', 'plain.csv'));
    expect(await readFile(out, 'utf8')).toBe('a,b\n1,"two\r\nlines"\n2,x\n3,"cr\ronly"\r');
  });

  it('is rewritten the same from gzip, whatever the chunk boundaries', async () => {
    const dir = await tempDir('line-endings');
    const gz = path.join(dir, 'data.csv.gz');
    const many = mixed.repeat(50_000);
    await writeFile(gz, gzipSync(many));
    const out = await withLfEndings(gz, true, path.join(dir, 'data.csv'));
    const expected = 'a,b\n1,"two\r\nlines"\n2,x\n3,"cr\ronly"\r'.repeat(50_000);
    expect((await readFile(out, 'utf8')) === expected).toBe(true);
  });
});
