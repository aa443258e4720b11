/**
 * Content checks that DuckDB does not make. DuckDB reads a truncated gzip file without complaint (it
 * stops where the bytes stop, even mid-row), so every gzip file is inflated once in Node to prove it is
 * whole before DuckDB reads it. The result is remembered per file version in the cache, so a re-run does
 * not pay for it again. Also here: reading a CSV header line, and unpacking `.zip` deliveries.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import yauzl from 'yauzl';
import { inputError } from '../errors.ts';

/**
 * The line endings of a text file, learned while its bytes pass by. DuckDB reads a file whose lines
 * all end in LF, or all in CRLF, but stops at a file that mixes them (some exports end only the last
 * line differently); such a file is rewritten with LF endings before it is read.
 */
export class LineEndings {
  private crlf = false;
  private lf = false;
  private previous = 0;

  feed(chunk: Buffer): void {
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) {
      if ((i > 0 ? chunk[i - 1] : this.previous) === 13) this.crlf = true;
      else this.lf = true;
    }
    if (chunk.length > 0) this.previous = chunk[chunk.length - 1] as number;
  }

  get kind(): 'lf' | 'crlf' | 'mixed' {
    return this.crlf && this.lf ? 'mixed' : this.crlf ? 'crlf' : 'lf';
  }
}

/** Fails with an input error naming the file unless it is a complete gzip stream. */
export async function verifyGzip(file: string, label: string = file, lines?: LineEndings): Promise<void> {
  try {
    // Large buffers: with the default 16 KB chunks the JavaScript per chunk costs more than inflating.
    const input = createReadStream(file, { highWaterMark: 4 << 20 });
    await pipeline(input, createGunzip({ chunkSize: 1 << 20 }), async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source) lines?.feed(chunk);
    });
  } catch (error) {
    const reason = /unexpected end/i.test((error as Error).message)
      ? 'the gzip file is truncated (unexpected end of file)'
      : `the gzip file is corrupt: ${(error as Error).message}`;
    throw inputError(reason, {
      file: label,
      cause: error,
      hint: 'the delivery is damaged; ask for a new one or re-copy it',
    });
  }
}

/** Line endings of a plain text file (one read, only to look). */
export async function scanLineEndings(file: string): Promise<LineEndings> {
  const lines = new LineEndings();
  for await (const chunk of createReadStream(file, { highWaterMark: 4 << 20 })) lines.feed(chunk as Buffer);
  return lines;
}

/**
 * Writes `file` (gzip or plain) to `out` with every line ending in LF; returns `out`. A CRLF inside a
 * quoted field is part of the value and is kept. (Byte by byte, but only files that mix endings come here.)
 */
export async function withLfEndings(file: string, gzip: boolean, out: string): Promise<string> {
  await mkdir(path.dirname(out), { recursive: true });
  const input = createReadStream(file, { highWaterMark: 4 << 20 });
  const source = gzip ? input.pipe(createGunzip({ chunkSize: 1 << 20 })) : input;
  const partial = `${out}.${process.pid}.partial`;
  await pipeline(
    source,
    async function* (chunks: AsyncIterable<Buffer>) {
      let quoted = false;
      let cr = false;
      for await (const chunk of chunks) {
        const output = Buffer.allocUnsafe(chunk.length + 1);
        let n = 0;
        for (const byte of chunk) {
          if (cr && !(byte === 10 && !quoted)) output[n++] = 13;
          cr = byte === 13;
          if (cr) continue;
          if (byte === 34) quoted = !quoted;
          output[n++] = byte;
        }
        yield output.subarray(0, n);
      }
      if (cr) yield Buffer.from([13]);
    },
    createWriteStream(partial),
  );
  await rename(partial, out);
  return out;
}

/** A small marker remembering that a check passed for one version (size + mtime) of a file. */
export class CheckMemo {
  constructor(private readonly dir: string) {}

  async passed(file: string, check: string): Promise<boolean> {
    return (await this.recall(file, check)) !== undefined;
  }

  /** What the check found for this version of the file, if it ran on it. */
  async recall(file: string, check: string): Promise<string | undefined> {
    try {
      const [memo, s] = await Promise.all([readFile(this.markerPath(file, check), 'utf8'), stat(file)]);
      const [version, value = ''] = memo.split('\n');
      return version === versionOf(s) ? value : undefined;
    } catch {
      return undefined;
    }
  }

  async remember(file: string, check: string, value = ''): Promise<void> {
    const marker = this.markerPath(file, check);
    await mkdir(path.dirname(marker), { recursive: true });
    await writeFile(marker, `${versionOf(await stat(file))}\n${value}`);
  }

  private markerPath(file: string, check: string): string {
    const id = createHash('sha256').update(path.resolve(file)).digest('hex').slice(0, 40);
    return path.join(this.dir, check, id);
  }
}

const versionOf = (s: { size: number; mtimeMs: number }) => `${s.size}:${s.mtimeMs}`;

/** The first line of a (possibly gzip-compressed) text file, without reading the rest. */
export async function readFirstLine(file: string, gzip: boolean): Promise<string> {
  const input = createReadStream(file);
  const stream = gzip ? input.pipe(createGunzip()) : input;
  let text = '';
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      text += chunk.toString('utf8');
      const end = text.search(/\r?\n/);
      if (end >= 0) return text.slice(0, end).replace(/^\uFEFF/, '');
      if (text.length > 10_000_000) break;
    }
    return text.replace(/^\uFEFF/, '');
  } finally {
    input.destroy();
  }
}

/**
 * Up to `count` whole lines from the start of a file, header included, for sampling its values (a last
 * line that may be cut off is left out).
 */
export async function readFirstLines(file: string, gzip: boolean, count: number): Promise<string[]> {
  const input = createReadStream(file);
  const stream = gzip ? input.pipe(createGunzip()) : input;
  let text = '';
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      text += chunk.toString('utf8');
      if (text.split('\n', count + 1).length > count || text.length > 10_000_000) break;
    }
  } catch {
    // A damaged file is reported by the reader that reads it whole, with its line.
  } finally {
    input.destroy();
  }
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  return lines.slice(0, Math.min(count, lines.length - 1));
}

/** Splits one CSV line into fields (RFC 4180 quoting). */
export function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else field += c;
  }
  fields.push(field);
  return fields;
}

/**
 * Unpacks the single CSV of a `.csv.zip` delivery into `outDir` and returns its path. The entry's name
 * is reduced to a plain file name, so an archive cannot write outside that folder.
 */
export async function unzipSingleCsv(
  zipFile: string,
  outDir: string,
  label: string = zipFile,
): Promise<string> {
  const zip = await openZip(zipFile, label);
  try {
    const entry = await nextCsvEntry(zip, label);
    const out = path.join(outDir, path.basename(entry.fileName).replace(/[^A-Za-z0-9._-]/g, '_'));
    await mkdir(path.dirname(out), { recursive: true });
    const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
      zip.openReadStream(entry, (err, s) => (err || !s ? reject(err) : resolve(s))),
    );
    await pipeline(stream, createWriteStream(`${out}.part`));
    await rename(`${out}.part`, out);
    return out;
  } catch (error) {
    if ((error as { kind?: string }).kind) throw error;
    throw inputError(`the zip file is corrupt: ${(error as Error).message}`, { file: label, cause: error });
  } finally {
    zip.close();
  }
}

function openZip(file: string, label: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, validateEntrySizes: true }, (err, zip) =>
      err || !zip
        ? reject(inputError(`not a readable zip file: ${err?.message}`, { file: label, cause: err }))
        : resolve(zip),
    ),
  );
}

function nextCsvEntry(zip: yauzl.ZipFile, label: string): Promise<yauzl.Entry> {
  return new Promise((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      if (/\.csv$/i.test(entry.fileName)) resolve(entry);
      else zip.readEntry();
    });
    zip.on('end', () => reject(inputError('the zip file holds no .csv file', { file: label })));
    zip.on('error', reject);
    zip.readEntry();
  });
}
