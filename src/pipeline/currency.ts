/**
 * Currencies are ISO 4217 codes in FOCUS: a unit's FOCUS rows get their codes in one spelling (`usd`,
 * ` USD` become `USD`) before they are published, and a code that is not one refuses the unit, naming
 * the code and how many rows carry it, rather than publishing a currency no report can group.
 */
import { inputError } from '../errors.ts';
import { isoCurrencyCodes } from '../focus/validate/formats.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';

const columns = ['BillingCurrency', 'PricingCurrency'] as const;

export async function normalizeCurrencies(w: Warehouse, focusStage: string): Promise<void> {
  const have = new Set(
    (await w.all<{ name: string }>(`SELECT column_name AS name FROM (DESCRIBE ${focusStage})`)).map(
      (c) => c.name,
    ),
  );
  for (const column of columns) {
    if (!have.has(column)) continue;
    await w.run(
      `UPDATE ${focusStage} SET "${column}" = upper(trim("${column}"))
       WHERE "${column}" IS DISTINCT FROM upper(trim("${column}"))`,
    );
    const unknown = await w.one<{ code: string; n: number }>(
      `SELECT "${column}" AS code, count(*)::INTEGER AS n FROM ${focusStage}
       WHERE "${column}" IS NOT NULL AND "${column}" <> '' AND NOT list_contains($codes::VARCHAR[], "${column}")
       GROUP BY ALL ORDER BY n DESC LIMIT 1`,
      { codes: isoCurrencyCodes() },
    );
    if (unknown) {
      throw inputError(
        `${unknown.n} row(s) have ${column} ${JSON.stringify(unknown.code)}, which is not an ISO 4217 currency code`,
        { hint: 'the export is damaged or anonymized; a report cannot group or convert an unknown currency' },
      );
    }
  }
}
