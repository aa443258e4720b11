/**
 * `<provider> list` for sources without a listing of their own (gcp, focus, alibaba): what an import
 * would plan, one row per unit, and whether the warehouse already holds that version.
 */
import { errorMessage } from '../errors.ts';
import { planUnits, unitState } from '../pipeline/run-source.ts';
import type { Source, Staged, Target, Unit } from '../sources/source.ts';
import type { Json } from '../warehouse/warehouse.ts';
import type { Context } from './context.ts';
import { type Column, defaultFormat, printTable, stdout } from './output.ts';

/** How a source names its units' parts, and whether its units have versions worth showing. */
export interface ListShape {
  part?: string;
  versions?: boolean;
}

export async function listUnits<T extends Target, U extends Unit, S extends Staged>(
  ctx: Context,
  source: Source<T, U, S>,
  targets: T[],
  asked?: string,
  shape: ListShape = {},
): Promise<void> {
  const part = shape.part ?? 'part';
  const versions = shape.versions ?? true;
  const format = defaultFormat(stdout, asked);
  const w = await ctx.openForReading();
  const rows: Json[][] = [];
  try {
    for (const target of targets) {
      for (const u of await planUnits(source, { ...ctx.loadContext(w), force: false }, target)) {
        rows.push([
          target.name,
          u.period,
          u.part ?? null,
          ...(versions ? [u.versionId || null] : []),
          u.files,
          u.bytes,
          u.blocked ? `broken: ${errorMessage(u.blocked)}` : unitState(u),
        ]);
      }
    }
  } finally {
    w.close();
  }
  const columns: Column[] = [
    { name: 'source', kind: 'id' },
    { name: 'billing_period', kind: 'id' },
    { name: part, kind: 'id' },
    ...(versions ? [{ name: 'version_id', kind: 'id' } as const] : []),
    { name: 'files', kind: 'count' },
    { name: 'bytes', kind: 'bytes' },
    { name: 'state' },
  ];
  printTable({ columns, rows }, format);
}
