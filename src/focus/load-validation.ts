/**
 * Every load is validated against the FOCUS requirements model once it is published: the rows of that
 * load only, with the features the source declares. The outcome goes into the ledger, where
 * `finops status` shows it; a failing rule does not unpublish the data (it is the provider's data), it
 * is reported.
 */
import { errorMessage } from '../errors.ts';
import type { Logger } from '../log.ts';
import { recordValidation, type ValidationSummary } from '../warehouse/ledger.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';
import { validateFocus } from './validate/index.ts';

export interface LoadToValidate {
  /** Quoted FOCUS table holding the load's rows. */
  table: string;
  sourceName: string;
  loadId: number;
  period: string;
  applicability: string[];
}

/** Validates a published load; a validator fault is logged, never turned into a failed load. */
export async function validateLoad(
  w: Warehouse,
  load: LoadToValidate,
  logger: Logger,
): Promise<ValidationSummary | undefined> {
  try {
    return await runValidation(w, load, logger);
  } catch (error) {
    logger.warn(`${load.period}: the FOCUS validation could not run: ${errorMessage(error)}`);
    return undefined;
  }
}

async function runValidation(w: Warehouse, load: LoadToValidate, logger: Logger): Promise<ValidationSummary> {
  const started = performance.now();
  const report = await validateFocus(w, {
    relation: load.table,
    where: {
      sql: '"x_SourceName" = $sourceName AND "x_LoadId" = $loadId',
      params: { sourceName: load.sourceName, loadId: load.loadId },
    },
    applicability: load.applicability,
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
  await recordValidation(w, load.loadId, summary, performance.now() - started);
  if (mandatoryFailures > 0) {
    logger.warn(
      `${load.period}: ${mandatoryFailures} mandatory FOCUS rule(s) fail; see finops focus validate --period ${load.period}`,
    );
  }
  return summary;
}
