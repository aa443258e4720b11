/**
 * Streams rows into a gzip-compressed (or plain) CSV file with RFC 4180 quoting, respecting
 * back-pressure so that millions of rows never sit in memory.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

export function csvField(value: string | undefined): string {
  if (value === undefined || value === '') return '';
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export class CsvWriter {
  private readonly sink: Writable;
  private readonly file: Writable;
  private buffer: string[] = [];
  rows = 0;

  private constructor(file: Writable, sink: Writable) {
    this.file = file;
    this.sink = sink;
  }

  static async open(filePath: string, header: string[], gzip: boolean): Promise<CsvWriter> {
    await mkdir(path.dirname(filePath), { recursive: true });
    const file = createWriteStream(filePath);
    const sink = gzip ? createGzip() : file;
    if (gzip) sink.pipe(file);
    const writer = new CsvWriter(file, sink);
    writer.buffer.push(`${header.map(csvField).join(',')}\n`);
    return writer;
  }

  async write(values: (string | undefined)[]): Promise<void> {
    this.buffer.push(`${values.map(csvField).join(',')}\n`);
    this.rows++;
    if (this.buffer.length >= 2000) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const chunk = this.buffer.join('');
    this.buffer = [];
    if (!this.sink.write(chunk)) await once(this.sink, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.sink.end();
    await finished(this.file);
  }
}
