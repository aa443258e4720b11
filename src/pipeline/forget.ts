/**
 * Retiring a period a source no longer delivers. A file set re-delivered without a month it held
 * before (GCP export files, native FOCUS) leaves that month's rows published; an import reports such
 * months, and `finops forget` (or an import with --prune) removes them: the source's rows of the
 * period leave its tables in one transaction, and the ledger records the period as forgotten, so the
 * next delivery of that month loads it again.
 */
import type { Source } from '../sources/source.ts';
import { beginLoad } from '../warehouse/ledger.ts';
import { periodTableName, refreshUnionView } from '../warehouse/period-tables.ts';
import { relationExists } from '../warehouse/relations.ts';
import { qualified, quoteIdent } from '../warehouse/sql.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';

export interface Forgotten {
  period: string;
  rows: number;
}

export async function forgetPeriod(
  w: Warehouse,
  source: Pick<Source, 'type' | 'tables'>,
  sourceName: string,
  period: string,
  why: string,
): Promise<Forgotten> {
  return w.transaction(async () => {
    let rows = 0;
    for (const set of [source.tables.raw, source.tables.focus]) {
      if (!set) continue;
      const table = periodTableName(set, period);
      if (!(await relationExists(w, set.schema, table))) continue;
      const deleted = await w.all(
        `DELETE FROM ${qualified(set.schema, table)} WHERE ${quoteIdent(set.sourceColumn)} = $sourceName RETURNING 1`,
        { sourceName },
      );
      if (set === source.tables.focus) rows = deleted.length;
      await refreshUnionView(w, set);
    }
    const loadId = await beginLoad(w, {
      sourceType: source.type,
      sourceName,
      billingPeriod: period,
      location: '',
      versionId: '(forgotten)',
      targetTable: '',
      forced: true,
    });
    await w.run(
      `UPDATE finops_meta.loads SET status = 'forgotten', finished_at = now(), rows = $rows, message = $why
       WHERE load_id = $loadId`,
      { loadId, rows, why },
    );
    return { period, rows };
  });
}

/** Periods this source has published (its newest ledger row succeeded) that are not in `planned`. */
export async function vanishedPeriods(
  w: Warehouse,
  sourceType: string,
  sourceName: string,
  planned: string[],
): Promise<string[]> {
  const rows = await w.all<{ period: string }>(
    `SELECT billing_period AS period FROM finops_meta.loads
     WHERE source_type = $type AND source_name = $name AND status IN ('succeeded', 'forgotten')
       AND billing_period <> '*'
     QUALIFY row_number() OVER (PARTITION BY billing_period ORDER BY load_id DESC) = 1 AND status = 'succeeded'
     ORDER BY 1`,
    { type: sourceType, name: sourceName },
  );
  const still = new Set(planned);
  return rows.map((r) => r.period).filter((p) => !still.has(p));
}
