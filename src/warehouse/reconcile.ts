/**
 * Reconciliation: the rows and cost read from the source must be exactly what is published, to the
 * last digit. Totals are computed by DuckDB in DECIMAL and compared as text, never as JS numbers.
 * Currencies compare as ISO codes (`usd` read is `USD` published: the pipeline spells them one way).
 */
import { FinopsError } from '../errors.ts';
import { quoteIdent } from './sql.ts';
import type { Warehouse } from './warehouse.ts';

export interface SliceTotal {
  /** The file the rows came from, or '' when totals are per period only. */
  file: string;
  currency: string;
  rows: number;
  /** Exact decimal text. */
  cost: string;
}

export interface SliceSpec {
  /** Quoted relation. */
  table: string;
  sourceColumn: string;
  sourceName: string;
  costColumn: string;
  currencyColumn: string;
  /** Group by this column too (per-file totals). */
  fileColumn?: string;
  /** Count only rows where this SQL condition holds (e.g. leave out synthetic rows). */
  rowFilter?: string;
  /** Fractional digits the sums are compared at: the source's own precision (default 10, CUR's). */
  scale?: number;
}

export async function sliceTotals(w: Warehouse, spec: SliceSpec): Promise<SliceTotal[]> {
  const file = spec.fileColumn ? quoteIdent(spec.fileColumn) : "''";
  return w.all<SliceTotal & Record<string, string | number>>(
    `SELECT ${file} AS file, coalesce(upper(trim(${quoteIdent(spec.currencyColumn)})), '') AS currency,
            count(*) FILTER (WHERE ${spec.rowFilter ?? 'true'})::INTEGER AS rows,
            coalesce(sum(${quoteIdent(spec.costColumn)}), 0)::DECIMAL(38,${spec.scale ?? 10})::VARCHAR AS cost
     FROM ${spec.table} WHERE ${quoteIdent(spec.sourceColumn)} = $sourceName
     GROUP BY ALL ORDER BY ALL`,
    { sourceName: spec.sourceName },
  );
}

/** Sums the published rows `spec` selects; fails, as `reconcile` does, unless they equal `expected`. */
export async function reconcilePublished(
  w: Warehouse,
  expected: SliceTotal[],
  spec: SliceSpec,
  what: string,
): Promise<void> {
  reconcile(expected, await sliceTotals(w, spec), what);
}

/** Fails, naming the first difference, unless both sides hold the same rows and cost per key. */
export function reconcile(expected: SliceTotal[], actual: SliceTotal[], what: string): void {
  const key = (t: SliceTotal) => `${t.file}\u0000${t.currency}`;
  const remaining = new Map(actual.map((t) => [key(t), t]));
  for (const e of expected) {
    const a = remaining.get(key(e));
    if (!a || a.rows !== e.rows || a.cost !== e.cost) {
      const where = [e.file, e.currency].filter(Boolean).join(' ');
      throw new FinopsError(
        `reconciliation failed for ${what}: ${where}: read ${e.rows} rows costing ${e.cost}, ` +
          `but ${a ? `${a.rows} rows costing ${a.cost}` : 'nothing'} would be published`,
        { hint: 'nothing was published; this is a bug, please report it with the delivery layout' },
      );
    }
    remaining.delete(key(e));
  }
  const extra = [...remaining.values()][0];
  if (extra) {
    throw new FinopsError(
      `reconciliation failed for ${what}: ${extra.rows} rows costing ${extra.cost} ${extra.currency} would be published that were not read`,
    );
  }
}
