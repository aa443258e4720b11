/**
 * Every load is validated against the FOCUS requirements model once it is published: the rows of those
 * loads only, with the features the source declares. The outcome goes into each load's ledger row, where
 * `finops status` shows it; a failing rule does not unpublish the data (it is the provider's data), it
 * is reported.
 */
import { errorMessage } from '../errors.ts';
import type { Logger } from '../log.ts';
import { recordValidation, type ValidationSummary } from '../warehouse/ledger.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';
import { validateFocus } from './validate/index.ts';

export interface LoadsToValidate {
  /** Quoted FOCUS table holding the loads' rows. */
  table: string;
  sourceName: string;
  /** Validated together (one scan), e.g. the batches of a period published in one run. */
  loadIds: number[];
  period: string;
  applicability: string[];
  /** How to look closer, for the warning (default: `finops focus validate --period <period>`). */
  hint?: string;
}

/** Validates published loads; a validator fault is logged, never turned into a failed load. */
export async function validateLoads(
  w: Warehouse,
  loads: LoadsToValidate,
  logger: Logger,
): Promise<ValidationSummary | undefined> {
  try {
    return await runValidation(w, loads, logger);
  } catch (error) {
    logger.warn(`${loads.period}: the FOCUS validation could not run: ${errorMessage(error)}`);
    return undefined;
  }
}

async function runValidation(
  w: Warehouse,
  loads: LoadsToValidate,
  logger: Logger,
): Promise<ValidationSummary> {
  const started = performance.now();
  const report = await validateFocus(w, {
    relation: loads.table,
    where: {
      sql: '"x_SourceName" = $sourceName AND list_contains($loadIds::BIGINT[], "x_LoadId")',
      params: { sourceName: loads.sourceName, loadIds: loads.loadIds.map(String) },
    },
    applicability: loads.applicability,
    examples: 0,
  });
  const { pass, fail, skip, mandatoryFailures } = report.summary;
  const summary: ValidationSummary = {
    status: mandatoryFailures > 0 ? 'failed' : 'passed',
    pass,
    fail,
    skip,
    mandatoryFailures,
  };
  const ms = (performance.now() - started) / loads.loadIds.length;
  for (const loadId of loads.loadIds) await recordValidation(w, loadId, summary, ms);
  if (mandatoryFailures > 0) {
    const hint = loads.hint ?? `finops focus validate --period ${loads.period}`;
    logger.warn(
      `${loads.sourceName} ${loads.period}: ${mandatoryFailures} mandatory FOCUS rule(s) fail; see ${hint}`,
    );
  }
  return summary;
}
