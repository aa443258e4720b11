/**
 * Whether AWS is writing an Athena-enabled report right now. AWS keeps one status file per report
 * (`<prefix>/<name>/cost_and_usage_data_status/*.parquet`, a single `status` column: READY or UPDATING)
 * because readers of the year=/month= folders cannot tell a half-rewritten month from a whole one.
 */
import { fetchFiles } from '../../pipeline/fetch-files.ts';
import { joinKey, type ObjectInfo } from '../../stores/store.ts';
import type { PlanContext } from '../source.ts';
import type { CurExportRef } from './discover.ts';

export async function athenaUpdating(ctx: PlanContext, exp: CurExportRef): Promise<boolean> {
  const folder = `${joinKey(exp.prefix, exp.exportName, 'cost_and_usage_data_status')}/`;
  const objects: ObjectInfo[] = [];
  for await (const o of exp.store.list(folder)) if (o.key.endsWith('.parquet')) objects.push(o);
  if (objects.length === 0) return false;
  const files = await fetchFiles(ctx.cache, exp.store, objects, ctx.progress);
  const row = await ctx.warehouse.one<{ updating: boolean }>(
    `SELECT bool_or(upper(trim(status)) = 'UPDATING') AS updating FROM read_parquet($files)`,
    { files: files.map((f) => f.path) },
  );
  return row?.updating === true;
}
