/**
 * The column sets themselves (test/fixtures/real/column-sets/): rows generated from each one have exactly
 * the format it records (header bytes, BOM, line endings, final line break, short rows), with every value
 * in one of its column's recorded shapes. With the corpus at hand, each column set is also checked to
 * still describe its real file, so the fixtures cannot drift from what they stand for.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeCsv } from './column-set-describe.ts';
import { renderCsv } from './column-set-render.ts';
import { type ColumnSet, columnSetPath, readColumnSets, type ValueShape } from './column-sets.ts';
import { corpusRoot, haveCorpus } from './helpers.ts';
import { columnSetOf, provenanceTable } from './write-column-sets.ts';

const sets = readColumnSets();

/** What two forms must share to be the same shape: texts and codes alike, numbers alike, dates by pattern. */
function formKey(v: ValueShape): string {
  switch (v.kind) {
    case 'code':
    case 'text':
    case 'hex':
      return 'text';
    case 'integer':
    case 'decimal':
      return 'number';
    case 'datetime':
    case 'interval':
      return `${v.kind} ${v.pattern}`;
    case 'uuid':
      return `uuid ${v.case}`;
    case 'boolean':
      return `boolean ${v.spelling}`;
    default:
      return v.kind;
  }
}

describe('column sets of the real exports (no data, always run)', () => {
  it('holds one column set per file of the corpus, 28 in all, each with its provenance', () => {
    expect(sets.map((s) => s.file.split('/')[0])).toEqual([
      ...Array(6).fill('aws'),
      ...Array(14).fill('azure'),
      ...Array(5).fill('gcp'),
      ...Array(3).fill('oci'),
    ]);
    for (const s of sets) {
      expect(s.provenance.repository).toMatch(/^[\w.-]+\/[\w.-]+$/);
      expect(s.provenance.commit).toMatch(/^[0-9a-f]{8}$/);
      expect(['Apache-2.0', 'MIT']).toContain(s.provenance.licence);
      expect(Object.values(s.periods).reduce((a, b) => a + b, 0)).toBe(s.format.rows);
      expect(s.columns.map((c) => c.name)).toHaveLength(s.format.columns);
    }
  });

  it.each(sets.map((s) => [s.file, s] as const))(
    'given %s, when all its rows are generated, then the file has exactly the recorded format and shapes',
    (_file, set: ColumnSet) => {
      const generated = renderCsv(set, { perPeriod: Number.POSITIVE_INFINITY });
      const again = describeCsv(generated.bytes);
      expect(again.format).toEqual(set.format);
      const header = Buffer.from(`${set.format.bom ? '\uFEFF' : ''}${set.format.header}`, 'utf8');
      expect(generated.bytes.subarray(0, header.length)).toEqual(header);
      again.columns.forEach((c, i) => {
        const recorded = set.columns[i];
        expect(c.name).toBe(recorded?.name);
        const allowed = new Set(recorded?.values.map(formKey));
        for (const form of c.values) expect(allowed, `${c.name}: ${c.shape}`).toContain(formKey(form));
        if (recorded?.empty === 'always') expect(c.empty).toBe('always');
      });
    },
  );
});

describe.skipIf(!haveCorpus)('column sets against the real files (corpus only)', () => {
  const provenance = haveCorpus
    ? provenanceTable(readFileSync(path.join(corpusRoot, 'PROVENANCE.md'), 'utf8'))
    : new Map();
  const files = haveCorpus
    ? ['aws', 'azure', 'gcp', 'oci'].flatMap((p) =>
        readdirSync(path.join(corpusRoot, p))
          .filter((f) => f.endsWith('.csv'))
          .sort()
          .map((f) => `${p}/${f}`),
      )
    : [];

  it('has a column set for every file of the corpus', () => {
    expect(files.filter((f) => !existsSync(columnSetPath(f)))).toEqual([]);
    expect(sets.map((s) => s.file).sort()).toEqual([...files].sort());
  });

  it.each(files)('the column set of %s still describes the real file', (file) => {
    expect(columnSetOf(file, provenance)).toEqual(sets.find((s) => s.file === file));
  });
});
