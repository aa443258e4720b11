/**
 * The ledger's figures for a load, from what staging read: rows per file, the bytes fetched, and the
 * cost per currency (summed exactly as decimal text, or the source's own totals when they differ).
 */
import { addDecimal } from '../money.ts';
import type { LocalDataFile } from '../sources/local-data-file.ts';
import type { Staged } from '../sources/source.ts';
import type { LoadOutcome } from '../warehouse/ledger.ts';
import type { SliceTotal } from '../warehouse/reconcile.ts';

export function ledgerOutcome(
  files: LocalDataFile[],
  staged: Staged,
  times: Pick<LoadOutcome, 'fetchMs' | 'stageMs' | 'normalizeMs' | 'publishMs'>,
): LoadOutcome {
  const rowsByFile = new Map<string, number>();
  for (const t of staged.read) rowsByFile.set(t.file, (rowsByFile.get(t.file) ?? 0) + t.rows);
  return {
    format: staged.format,
    columns: staged.columns,
    files: files.map((f) => ({ key: f.key, size: f.size, etag: f.etag, rows: rowsByFile.get(f.key) ?? 0 })),
    bytes: files.reduce((n, f) => n + f.size, 0),
    rows: staged.read.reduce((n, t) => n + t.rows, 0),
    costTotals: staged.costTotals ?? costPerCurrency(staged.read),
    ...times,
  };
}

export function costPerCurrency(totals: SliceTotal[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of totals) out[t.currency] = addDecimal(out[t.currency] ?? '0', t.cost);
  return out;
}
