/**
 * What each fetched file holds, from its header: FOCUS (a FocusCost export, whatever the manifest
 * says) or cost details (ActualCost, AmortizedCost), grouped by run and header so each group is one
 * DuckDB read with one column plan. A cost details file without the columns a row needs to be billed
 * is refused here, naming the file.
 */
import { inputError } from '../../errors.ts';
import { getOrCreate } from '../../map-cache.ts';
import { parseCsvLine, readFirstLine } from '../../stores/file-checks.ts';
import { mapLimit } from '../../stores/map-limit.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import { notThisFormat } from '../formats.ts';
import type { LocalDataFile } from '../local-data-file.ts';
import { isFocusHeader, planCostDetailsHeader, requiredColumns } from './columns.ts';
import type { PlannedRun } from './plan.ts';
import type { DetailsGroup } from './stage.ts';

export interface ClassifiedFiles {
  details: DetailsGroup[];
  focus: { run: PlannedRun; file: LocalDataFile }[];
}

export async function classifyFiles(
  w: Warehouse,
  runs: PlannedRun[],
  files: LocalDataFile[],
): Promise<ClassifiedFiles> {
  const headers = await mapLimit(files, 4, (f) => headerOf(w, f));
  const runOf = new Map(runs.flatMap((r) => r.objects.map((o) => [o.key, r] as const)));
  const details = new Map<string, DetailsGroup>();
  const focus: ClassifiedFiles['focus'] = [];
  files.forEach((file, i) => {
    const header = headers[i] as string[];
    const run = runOf.get(file.key) as PlannedRun;
    if (header.length < 2) {
      throw inputError('the file has no header (or is not a CSV or Parquet export)', {
        file: file.url,
        line: 1,
      });
    }
    if (isFocusHeader(header)) {
      focus.push({ run, file });
      return;
    }
    const parquet = /\.parquet$/i.test(file.key);
    const group = getOrCreate(
      details,
      `${run.run.manifestKey}\u0000${parquet}\u0000${header.join('\u0000')}`,
      () => ({
        columns: planCostDetailsHeader(header),
        files: [],
        parquet,
        dataset: run.run.dataset === 'FocusCost' ? 'ActualCost' : run.run.dataset,
        runId: run.run.runId,
        scope: run.run.scope,
        exportName: run.run.exportName,
      }),
    );
    for (const name of requiredColumns) {
      if (!group.columns.some((c) => c.known && c.name === name)) {
        throw notThisFormat(
          { name: 'a Cost Management cost details export', command: 'finops azure import' },
          header,
          file.url,
          `the file has no ${name} column (or an older spelling of it)`,
        );
      }
    }
    group.files.push(file);
  });
  return { details: [...details.values()], focus };
}

async function headerOf(w: Warehouse, f: LocalDataFile): Promise<string[]> {
  if (/\.parquet$/i.test(f.key)) {
    const rows = await w
      .all<{ name: string }>(
        'SELECT name FROM parquet_schema($file) WHERE num_children IS NULL OR num_children = 0',
        {
          file: f.path,
        },
      )
      .catch((error: Error) => {
        throw inputError(`not a readable Parquet file: ${error.message.split('\n')[0]}`, {
          file: f.url,
          cause: error,
        });
      });
    return rows.map((r) => r.name);
  }
  return parseCsvLine(await readFirstLine(f.path, /\.gz$/i.test(f.path)));
}
