/**
 * A tiny source, written the way a new provider is: the worked example of the README's architecture
 * section. Its "provider" delivers one CSV per billing period, `YYYY-MM.csv`, with the columns
 * `day,service,cost,currency`. Everything it knows is here (layout, reading, mapping to FOCUS, what its
 * rows must add up to); the pipeline does the rest: ledger, atomic swap, crash recovery, validation.
 *
 * The test's own knobs: `stall` makes the stage step wait for a file to appear (so a test can kill the
 * process mid-load), and a file named like `2024-13.csv` is a unit that cannot be planned.
 */
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { inputError } from '../../src/errors.ts';
import { cloudApplicability } from '../../src/focus/applicability.ts';
import { billedCost, focusTables } from '../../src/focus/tables.ts';
import { fetchFiles } from '../../src/pipeline/fetch-files.ts';
import type { Source, Staged, Target, Unit } from '../../src/sources/source.ts';
import type { ObjectInfo, ObjectStore } from '../../src/stores/store.ts';
import { reconcilePublished, sliceTotals } from '../../src/warehouse/reconcile.ts';

export interface CsvTarget extends Target {
  store: ObjectStore;
  /** When set, staging waits until this file exists (a test kills the process meanwhile). */
  stall?: string;
}

export interface CsvUnit extends Unit {
  object: ObjectInfo;
}

const tables = { focus: focusTables('csvdemo') };

export const csvSource: Source<CsvTarget, CsvUnit, Staged> = {
  type: 'csvdemo',
  description: 'the tiny CSV source of the tests',
  tables,
  disposition: 'replace-period',
  applicability: cloudApplicability,

  async plan(_ctx, target) {
    const units: CsvUnit[] = [];
    for await (const object of target.store.list('')) {
      const period = /^(\d{4}-\d{2})\.csv$/.exec(object.key)?.[1];
      if (!period) continue;
      const unit = {
        period,
        versionId: object.etag ?? `${object.size}`,
        files: 1,
        bytes: object.size,
        object,
      };
      const month = Number(period.slice(5));
      units.push(
        month >= 1 && month <= 12
          ? unit
          : { ...unit, blocked: inputError('no such month', { file: object.key }) },
      );
    }
    return units.sort((a, b) => a.period.localeCompare(b.period));
  },

  fetch: (ctx, unit) => fetchFiles(ctx.cache, ctx.target.store, [unit.object], ctx.progress),

  async stage(ctx, unit, files, into) {
    if (ctx.target.stall) ctx.logger.info(`stage ${unit.period}: waiting for ${ctx.target.stall}`);
    while (ctx.target.stall && !existsSync(ctx.target.stall)) await sleep(50);
    const [file] = files;
    if (!file) throw new Error('a unit without its file');
    try {
      await ctx.warehouse.run(
        `CREATE TABLE ${into.work('read')} AS
         SELECT day, service, cost, currency, $key AS file, $name AS x_SourceName
         FROM read_csv($path, header = true, auto_detect = false, strict_mode = true,
                       columns = {'day': 'DATE', 'service': 'VARCHAR', 'cost': 'DECIMAL(38,10)', 'currency': 'VARCHAR'})`,
        { path: file.path, key: file.key, name: ctx.target.name },
      );
    } catch (error) {
      throw inputError(`cannot read the file: ${(error as Error).message.split('\n')[0]}`, {
        file: file.url,
      });
    }
    // What the file holds, per file and currency: what the published rows must add up to.
    const read = await sliceTotals(ctx.warehouse, {
      table: into.work('read'),
      sourceColumn: 'x_SourceName',
      sourceName: ctx.target.name,
      costColumn: 'cost',
      currencyColumn: 'currency',
      fileColumn: 'file',
    });
    return { read };
  },

  async normalize(ctx, unit, _staged, into) {
    await ctx.warehouse.run(
      `CREATE TABLE ${into.focus} AS
       SELECT $start::TIMESTAMPTZ AS BillingPeriodStart, $end::TIMESTAMPTZ AS BillingPeriodEnd,
              day::TIMESTAMPTZ AS ChargePeriodStart, (day + 1)::TIMESTAMPTZ AS ChargePeriodEnd,
              cost AS BilledCost, cost AS EffectiveCost, currency AS BillingCurrency, service AS ServiceName,
              'Usage' AS ChargeCategory, 'csvdemo' AS x_SourceType, $name AS x_SourceName,
              $version AS x_SourceVersion, $loadId::BIGINT AS x_LoadId, file AS x_SourceFile
       FROM ${into.work('read')}`,
      {
        start: `${unit.period}-01`,
        end: nextMonth(unit.period),
        name: ctx.target.name,
        version: unit.versionId,
        loadId: ctx.loadId,
      },
    );
    await ctx.warehouse.run(`DROP TABLE ${into.work('read')}`);
  },

  reconcile: (ctx, unit, staged) =>
    reconcilePublished(
      ctx.warehouse,
      staged.read,
      { ...billedCost(tables.focus, unit.period, ctx.target.name), fileColumn: 'x_SourceFile' },
      unit.period,
    ),
};

function nextMonth(period: string): string {
  const [year, month] = period.split('-').map(Number) as [number, number];
  return month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
}
