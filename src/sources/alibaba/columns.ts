/**
 * The columns of an Alibaba FOCUS file, typed before anything else touches them: FOCUS columns by the
 * FOCUS schema (costs and quantities DECIMAL(38,18), Tags JSON), Alibaba's own columns by the list below,
 * anything else text. Timestamps are read as text, because DuckDB drops a written UTC offset when it
 * reads a TIMESTAMP and silently nulls a bad value when it reads a TIMESTAMPTZ; stage.ts converts them.
 */
import { inputError } from '../../errors.ts';
import { focusColumn } from '../../focus/columns.ts';
import { columnRenames } from '../../focus/versions.ts';
import { FOCUS_DECIMAL, JSON_OBJECT, TEXT } from '../../warehouse/types.ts';

export type ColumnKind = 'timestamp' | 'decimal' | 'integer' | 'json' | 'text';

export interface PlannedColumn {
  /** As delivered: the raw table's column name. */
  header: string;
  /** In focus.costs: the FOCUS name (1.0 names upgraded), or `x_<name>` for Alibaba's own columns. */
  focusName: string;
  kind: ColumnKind;
  /** The type DuckDB's CSV reader declares. */
  readType: string;
  isFocus: boolean;
}

/**
 * Alibaba's extension columns the generator writes, typed (Alibaba documents the `x_` columns of the
 * preview only in the console; names not listed here are kept as text).
 */
const extensionKinds: Record<string, ColumnKind> = {
  x_serviceperiod: 'integer',
  x_discountamount: 'decimal',
  x_billingdate: 'text',
};

const readTypes: Record<ColumnKind, string> = {
  timestamp: TEXT,
  decimal: FOCUS_DECIMAL,
  integer: 'BIGINT',
  json: JSON_OBJECT,
  text: TEXT,
};

export interface ColumnPlan {
  columns: PlannedColumn[];
  warnings: string[];
}

export function planColumns(headers: readonly string[], file: string): ColumnPlan {
  const warnings: string[] = [];
  const seen = new Set<string>();
  const columns = headers.map((header): PlannedColumn => {
    const lower = header.toLowerCase();
    if (seen.has(lower)) throw inputError(`the header names the column ${header} twice`, { file, line: 1 });
    if (/^(finops_|tag_)/.test(lower)) {
      throw inputError(`the column ${header} clashes with a column finops adds (finops_*, tag_*)`, {
        file,
        line: 1,
      });
    }
    seen.add(lower);
    const renamed = columnRenames[header];
    const column = focusColumn(renamed ?? header);
    if (column) {
      if (renamed) warnings.push(`column ${header} is read as ${renamed} (renamed in a later FOCUS version)`);
      const kind = ({ Decimal: 'decimal', DateTime: 'timestamp', JSON: 'json', String: 'text' } as const)[
        column.type
      ];
      return { header, focusName: column.name, kind, readType: readTypes[kind], isFocus: true };
    }
    const extension = /^x_/i.test(header);
    if (!extension)
      warnings.push(`column ${header} is not a FOCUS column; kept as x_${header} in focus.costs`);
    const focusName = extension ? `x_${header.slice(2)}` : `x_${header}`;
    const kind = extensionKinds[focusName.toLowerCase()] ?? 'text';
    return { header, focusName, kind, readType: readTypes[kind], isFocus: false };
  });
  return { columns, warnings };
}
