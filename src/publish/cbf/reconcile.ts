/**
 * Every drop reconciles: the rows and the sum of each cost column, read back from the written files,
 * equal the warehouse's rows and sums for the month and scope, compared as exact DECIMAL(38,18) text.
 * A difference is a bug in the mapping or the writer, and nothing is uploaded.
 *
 * A drop holds one currency: CBF has no currency column, and CloudZero sums a connection's costs as
 * they are. A month in several currencies is refused, with the way to export each on its own.
 */
import { FinopsError } from '../../errors.ts';
import { quoteLiteral } from '../../warehouse/sql.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import { type CbfScope, cbfSql, costColumns, scopeParams } from './columns.ts';
import type { CostTotals } from './record.ts';

export interface ExpectedTotals {
  rows: number;
  totals: CostTotals;
  currency: string | null;
}

type TotalsRow = CostTotals & { rows: number; currencies?: string | null };

/** The month's rows and sums in the warehouse; refuses a month without rows or in several currencies. */
export async function warehouseTotals(
  w: Warehouse,
  scope: CbfScope & { period: string },
): Promise<ExpectedTotals> {
  const row = await w.one<TotalsRow>(cbfSql('totals.sql'), scopeParams(scope));
  if (!row || row.rows === 0) {
    throw new FinopsError(`focus.costs has no rows for ${scope.period} in this scope`, {
      kind: 'usage',
      hint: 'import the month first, widen --provider/--currency, or remove the month from CloudZero with --empty',
    });
  }
  const currencies = (row.currencies ?? '').split(',').filter(Boolean);
  if (currencies.length > 1) {
    throw new FinopsError(
      `${scope.period} has costs in ${currencies.join(', ')}; a CloudZero drop holds one currency (CBF has no currency column)`,
      {
        kind: 'usage',
        hint: 'export each currency to its own connection: --currency CODE with a --to root per currency',
      },
    );
  }
  return { rows: row.rows, totals: pickTotals(row), currency: currencies[0] ?? null };
}

/** Reads the files back and compares them with `expected`; throws on any difference. */
export async function checkDropTotals(
  w: Warehouse,
  files: readonly { path: string }[],
  expected: ExpectedTotals,
  period: string,
): Promise<void> {
  const list = `[${files.map((f) => quoteLiteral(f.path)).join(', ')}]`;
  const row = await w.one<TotalsRow>(cbfSql('read-back.sql', { files: list }));
  const found: TotalsRow = row ?? { rows: 0, ...pickTotals({}) };
  const differences = [
    found.rows !== expected.rows ? `rows ${found.rows} where the warehouse has ${expected.rows}` : '',
    ...costColumns.map((c) =>
      found[c] !== expected.totals[c]
        ? `${c} sums to ${found[c]} where the warehouse has ${expected.totals[c]}`
        : '',
    ),
  ].filter(Boolean);
  if (differences.length > 0) {
    throw new FinopsError(`the drop for ${period} does not reconcile: ${differences.join('; ')}`, {
      hint: 'nothing was uploaded; this is a bug in the CBF mapping, please report it with the data that shows it',
    });
  }
}

function pickTotals(row: Partial<CostTotals>): CostTotals {
  return {
    'cost/cost': row['cost/cost'] ?? null,
    'cost/amortized_cost': row['cost/amortized_cost'] ?? null,
    'cost/on_demand_cost': row['cost/on_demand_cost'] ?? null,
  };
}
