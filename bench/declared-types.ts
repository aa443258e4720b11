/**
 * The types the bare load declares: for each delivered header, the type the import reads it as (its
 * own column plan), so the bare load parses the same decimals and timestamps and the ratio measures
 * what the import adds, not a cheaper parse.
 */
import { planColumns } from '../src/sources/aws-cur/column-plan.ts';
import { columnType, targetOfV1Column } from '../src/sources/aws-cur/columns.ts';

export function declaredTypes(
  manifestColumns: { category: string; name: string; type: string }[],
): { header: string; type: string }[] {
  const types = new Map(manifestColumns.map((c) => [`${c.category}/${c.name}`, c.type]));
  const headers = [...types.keys()];
  const plan = planColumns(headers, targetOfV1Column, (column, header) =>
    columnType(column, types.get(header)),
  );
  return headers.map((header) => ({ header, type: plan.readTypes.get(header) ?? 'VARCHAR' }));
}
