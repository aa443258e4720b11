/**
 * The forecast detector: each day's expected cost from level, trend, weekday and month-phase effects
 * fitted robustly on the weeks before it (fit.sql), level shifts found and then taken as the new normal
 * (shifts.sql, and a second fit on the adjusted histories), new and stopped series, all in DuckDB SQL.
 * Needs anomaly_daily, anomaly_series, anomaly_delivered and anomaly_series_settings in the session;
 * leaves anomaly_forecast_findings and anomaly_expected (the expected cost of every scored day).
 */
import { fillTemplate, readSql } from '../../warehouse/sql.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import { addDays } from '../dates.ts';
import { runScript } from '../script.ts';
import { forecast, forecastParams } from '../settings.ts';

export async function runForecast(w: Warehouse, since: string): Promise<void> {
  // Days a history before `since` are fitted too: a level shift there still moves later histories.
  const params = forecastParams(since, addDays(since, -forecast.historyDays));
  const run = (file: string, fragments: Record<string, string> = {}) =>
    runScript(w, fillTemplate(readSql(import.meta.url, file), fragments), params);
  await run('points.sql');
  await run('fit.sql', { pairs: 'anomaly_pairs', fits: 'anomaly_fits1' });
  await run('shifts.sql');
  await run('fit.sql', { pairs: 'anomaly_pairs_adjusted', fits: 'anomaly_fits2' });
  await run('expected.sql');
  await run('findings.sql');
}
