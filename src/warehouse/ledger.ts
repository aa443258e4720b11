/**
 * The load ledger (finops_meta.loads): every attempt to load a unit of work, with its version fingerprint,
 * files, rows, reconciled cost, timings and outcome. It answers "is this version already loaded?" and
 * is what `finops status` prints.
 */
import { relationExists } from './relations.ts';
import { fillTemplate, readSql } from './sql.ts';
import type { Row, Warehouse } from './warehouse.ts';

export interface LoadUnit {
  sourceType: string;
  sourceName: string;
  /** YYYY-MM */
  billingPeriod: string;
  location: string;
  manifestKey?: string;
  /** The slice of the period the load replaces (a batch, an export scope), if not the whole period. */
  part?: string;
  versionId: string;
  targetTable: string;
  forced: boolean;
}

export interface LoadedFile {
  key: string;
  size: number;
  etag?: string;
  rows: number;
}

export interface LoadOutcome {
  /** What the reader recognized the delivery as. */
  format?: string;
  /** The columns that arrived. */
  columns?: string[];
  files: LoadedFile[];
  bytes: number;
  rows: number;
  /** Exact decimal text per currency. */
  costTotals: Record<string, string>;
  fetchMs: number;
  stageMs: number;
  /** Mapping to FOCUS, when the source has a mapping. */
  normalizeMs?: number;
  publishMs: number;
}

/** The FOCUS conformance of a load's rows, as `finops status` shows it. */
export interface ValidationSummary {
  status: 'passed' | 'failed';
  pass: number;
  fail: number;
  skip: number;
  mandatoryFailures: number;
}

/** A process killed mid-load leaves `running` rows; whoever holds the database next closes them. */
export async function closeInterruptedLoads(w: Warehouse): Promise<number> {
  const rows = await w.all<{ n: number }>(
    `UPDATE finops_meta.loads SET status = 'interrupted', finished_at = now(),
       message = 'the process stopped before the load finished; the previous version was kept'
     WHERE status = 'running' RETURNING 1 AS n`,
  );
  return rows.length;
}

export async function beginLoad(w: Warehouse, unit: LoadUnit): Promise<number> {
  const row = await w.one<{ load_id: string }>(
    `INSERT INTO finops_meta.loads (source_type, source_name, billing_period, location, manifest_key, part,
       version_id, target_table, status, forced, started_at)
     VALUES ($sourceType, $sourceName, $period, $location, $manifestKey, $part, $versionId, $targetTable, 'running',
       $forced, now())
     RETURNING load_id`,
    {
      part: unit.part ?? null,
      sourceType: unit.sourceType,
      sourceName: unit.sourceName,
      period: unit.billingPeriod,
      location: unit.location,
      manifestKey: unit.manifestKey ?? null,
      versionId: unit.versionId,
      targetTable: unit.targetTable,
      forced: unit.forced,
    },
  );
  return Number(row?.load_id);
}

/**
 * Records success; call inside the publishing transaction so both commit together. The columns that
 * arrived are compared with the source's previous successful load: the new ones are noted (drift is the
 * normal case, and worth seeing).
 */
export async function recordSuccess(w: Warehouse, loadId: number, outcome: LoadOutcome): Promise<void> {
  await w.run(
    `UPDATE finops_meta.loads AS l SET status = 'succeeded', finished_at = now(), files = $files, bytes = $bytes,
       rows = $rows, cost_totals = $costs, fetch_ms = $fetchMs, stage_ms = $stageMs, publish_ms = $publishMs,
       normalize_ms = $normalizeMs, format = $format, columns = to_json($columns::VARCHAR[]),
       new_columns = (
         SELECT to_json(list_filter($columns::VARCHAR[], c -> NOT list_contains(
                  coalesce(from_json(p.columns, '["VARCHAR"]'), []::VARCHAR[]), c)))
         FROM finops_meta.loads AS p
         WHERE p.source_type = l.source_type AND p.source_name = l.source_name AND p.status = 'succeeded'
           AND p.load_id < l.load_id AND p.columns IS NOT NULL
         ORDER BY p.load_id DESC LIMIT 1)
     WHERE load_id = $loadId`,
    {
      format: outcome.format ?? null,
      columns: outcome.columns ?? [],
      loadId,
      files: outcome.files.length,
      bytes: outcome.bytes,
      rows: outcome.rows,
      costs: JSON.stringify(outcome.costTotals),
      fetchMs: Math.round(outcome.fetchMs),
      stageMs: Math.round(outcome.stageMs),
      publishMs: Math.round(outcome.publishMs),
      normalizeMs: outcome.normalizeMs === undefined ? null : Math.round(outcome.normalizeMs),
    },
  );
  for (const f of outcome.files) {
    await w.run(
      'INSERT INTO finops_meta.load_files (load_id, key, size, etag, rows) VALUES ($loadId, $key, $size, $etag, $rows)',
      { loadId, key: f.key, size: f.size, etag: f.etag ?? null, rows: f.rows },
    );
  }
}

export async function recordValidation(w: Warehouse, loadId: number, summary: ValidationSummary, ms: number) {
  await w.run(
    'UPDATE finops_meta.loads SET validation = $validation, validate_ms = $ms WHERE load_id = $loadId',
    {
      loadId,
      validation: JSON.stringify(summary),
      ms: Math.round(ms),
    },
  );
}

/** Records a failure and the step it happened in (plan, fetch, stage, normalize, publish). */
export async function recordFailure(
  w: Warehouse,
  loadId: number,
  message: string,
  step?: string,
): Promise<void> {
  await w.run(
    `UPDATE finops_meta.loads SET status = 'failed', finished_at = now(), message = $message,
       failed_step = $step
     WHERE load_id = $loadId`,
    { loadId, message, step: step ?? null },
  );
}

/**
 * The version currently published for a unit, from the newest successful load: of the period, or of one
 * slice of it (`part`, recorded as the load's manifest key).
 */
export async function publishedVersion(
  w: Warehouse,
  sourceType: string,
  sourceName: string,
  billingPeriod: string,
  part?: string,
): Promise<string | undefined> {
  // A period forgotten since (finops forget) holds no version any more.
  const row = await w.one<{ version_id: string; status: string }>(
    `SELECT version_id, status FROM finops_meta.loads
     WHERE source_type = $sourceType AND source_name = $sourceName AND billing_period = $period
       AND (status = 'succeeded' AND ($part IS NULL OR coalesce(part, manifest_key) = $part) OR status = 'forgotten')
     ORDER BY load_id DESC LIMIT 1`,
    { sourceType, sourceName, period: billingPeriod, part: part ?? null },
  );
  return row?.status === 'succeeded' ? row.version_id : undefined;
}

/**
 * Another source of the same type whose current load of the period is this very version: the same
 * delivery published under another name (which a second import would count twice).
 */
export async function publishedElsewhere(
  w: Warehouse,
  sourceType: string,
  sourceName: string,
  billingPeriod: string,
  versionId: string,
): Promise<{ source_name: string; part: string | null } | undefined> {
  return w.one(
    `SELECT l.source_name, l.part FROM finops_meta.loads AS l
     WHERE l.source_type = $sourceType AND l.source_name <> $sourceName AND l.version_id = $versionId
       AND l.billing_period = $period AND l.status = 'succeeded'
       AND NOT EXISTS (
         SELECT 1 FROM finops_meta.loads AS n
         WHERE n.source_type = l.source_type AND n.source_name = l.source_name
           AND n.billing_period = l.billing_period AND n.load_id > l.load_id
           AND (n.status = 'forgotten'
                OR n.status = 'succeeded'
                   AND coalesce(n.part, n.manifest_key, '') = coalesce(l.part, l.manifest_key, '')))
     ORDER BY l.load_id DESC LIMIT 1`,
    { sourceType, sourceName, period: billingPeriod, versionId },
  );
}

export interface LedgerFilter {
  sourceType?: string;
  sourceName?: string;
  /** Only the newest attempt per (source, period). */
  latestOnly?: boolean;
  limit?: number;
}

export async function listLoads(w: Warehouse, filter: LedgerFilter = {}): Promise<Row[]> {
  const sql = fillTemplate(readSql(import.meta.url, 'list-loads.sql'), {
    periodTotals: await periodTotalsSql(w),
  });
  return w.all(sql, {
    sourceType: filter.sourceType ?? null,
    sourceName: filter.sourceName ?? null,
    latestOnly: filter.latestOnly ?? false,
    limit: filter.limit ?? 1_000_000,
  });
}

/**
 * period-totals.sql over focus.costs: the whole of each sliced period, for `finops status` and the
 * dashboard's freshness page alike. Before the first load made focus.costs, no load is live.
 */
export async function periodTotalsSql(w: Warehouse): Promise<string> {
  const costs = (await relationExists(w, 'focus', 'costs'))
    ? 'focus.costs'
    : '(SELECT NULL::BIGINT AS x_LoadId WHERE false)';
  return fillTemplate(readSql(import.meta.url, 'period-totals.sql'), { costs });
}
