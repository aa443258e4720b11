/**
 * A CSV file's text as it is written, read without any importer's code: RFC 4180 records with either
 * line ending, and what the bytes look like around them (a UTF-8 BOM, the ending of every physical line,
 * a final line break or none, which fields were quoted). The corpus tests' totals and the column sets
 * are both read with it.
 */
export type Ending = 'LF' | 'CRLF';

export interface CsvField {
  text: string;
  quoted: boolean;
}

export interface CsvText {
  bom: boolean;
  header: string;
  records: CsvField[][];
  /** Line ending per physical line, in order; the last line has none when the file does not end in one. */
  endings: Ending[];
  finalNewline: boolean;
  lineBreaksInFields: boolean;
  /** The text is valid UTF-8 (decoding replaced no byte). */
  utf8: boolean;
  /** The physical line each record starts on (1-based). */
  startLines: number[];
}

export function readCsvText(bytes: Buffer): CsvText {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const text = bytes.toString('utf8', bom ? 3 : 0);
  const records: CsvField[][] = [];
  const endings: Ending[] = [];
  const startLines: number[] = [1];
  let record: CsvField[] = [];
  let field = '';
  let quoted = false;
  let wasQuoted = false;
  let lineBreaksInFields = false;
  const headerEnd = text.search(/\r?\n/);
  const header = headerEnd < 0 ? text : text.slice(0, headerEnd);
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') {
          lineBreaksInFields = true;
          endings.push(text[i - 1] === '\r' ? 'CRLF' : 'LF');
        }
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
      wasQuoted = true;
    } else if (c === ',') {
      record.push({ text: field, quoted: wasQuoted });
      field = '';
      wasQuoted = false;
    } else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      endings.push(c === '\r' ? 'CRLF' : 'LF');
      if (c === '\r') i++;
      record.push({ text: field, quoted: wasQuoted });
      records.push(record);
      record = [];
      field = '';
      wasQuoted = false;
      startLines.push(endings.length + 1);
    } else field += c;
  }
  const finalNewline = field === '' && record.length === 0 && !wasQuoted;
  if (!finalNewline) {
    record.push({ text: field, quoted: wasQuoted });
    records.push(record);
  } else startLines.pop();
  const utf8 = Buffer.compare(Buffer.from(text, 'utf8'), bytes.subarray(bom ? 3 : 0)) === 0;
  return { bom, header, records, endings, finalNewline, lineBreaksInFields, utf8, startLines };
}
