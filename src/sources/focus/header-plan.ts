/**
 * How the columns of one FOCUS file become the warehouse's: FOCUS names as they are, names of older
 * versions renamed (UsageQuantity -> ConsumedQuantity, ...), provider extras kept with their `x_`, and
 * other columns kept under an `x_` name with a warning (FOCUS requires custom columns to be prefixed).
 * Names match whatever their case (`billedcost` is BilledCost); a second header naming a column already
 * taken is kept as an extra.
 */
import { focusColumn, focusColumns } from '../../focus/columns.ts';
import { warehouseType } from '../../focus/relation.ts';
import { columnRenames } from '../../focus/versions.ts';
import { TEXT } from '../../warehouse/types.ts';

export interface PlannedFocusColumn {
  header: string;
  name: string;
  /** The type DuckDB reads it as (JSON is read as text and cast after). */
  readType: string;
  json: boolean;
}

export interface HeaderPlan {
  columns: PlannedFocusColumn[];
  warnings: string[];
}

/** FOCUS names and their older spellings, by lowercase: a header matches whatever its case. */
const byLowerName = new Map<string, string>([
  ...focusColumns.map((c) => [c.name.toLowerCase(), c.name] as const),
  ...Object.keys(columnRenames).map((old) => [old.toLowerCase(), old] as const),
]);

export function planFocusHeader(headers: readonly string[]): HeaderPlan {
  const warnings: string[] = [];
  const taken = new Set<string>();
  const columns = headers.map((header): PlannedFocusColumn => {
    const spelled = byLowerName.get(header.trim().toLowerCase()) ?? header;
    const renamed = columnRenames[spelled];
    const column = focusColumn(renamed ?? spelled);
    if (column && !taken.has(column.name)) {
      taken.add(column.name);
      if (renamed) warnings.push(`column ${header} is read as ${renamed} (renamed in a later FOCUS version)`);
      const json = column.type === 'JSON';
      return { header, name: column.name, readType: json ? TEXT : warehouseType(column.type), json };
    }
    if (/^x_/i.test(header)) return { header, name: header, readType: TEXT, json: false };
    warnings.push(`column ${header} is not a FOCUS column; kept as x_${header}`);
    return { header, name: `x_${header}`, readType: TEXT, json: false };
  });
  return { columns, warnings };
}
