/**
 * Sends one alert to every sink that has not delivered it yet, and records each delivery in
 * `finops_meta.alert_deliveries`, so a run after a failure retries only the sinks that failed and
 * nobody gets the same alert twice. One sink failing does not stop the others.
 */
import { errorMessage } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';
import type { Alert, Sink } from './alert.ts';

export interface SinkOutcome {
  sink: string;
  status: 'delivered' | 'already delivered' | 'failed';
  error?: string;
}

export async function dispatchAlert(
  w: Warehouse,
  alertKey: string,
  alert: Alert,
  sinks: readonly Sink[],
  logger: Logger,
): Promise<SinkOutcome[]> {
  const done = new Set(
    (
      await w.all<{ sink: string }>(
        'SELECT sink FROM finops_meta.alert_deliveries WHERE alert_key = $alertKey',
        {
          alertKey,
        },
      )
    ).map((r) => r.sink),
  );
  const outcomes: SinkOutcome[] = [];
  for (const sink of sinks) {
    if (done.has(sink.name)) {
      outcomes.push({ sink: sink.name, status: 'already delivered' });
      continue;
    }
    try {
      await sink.send(alert);
      await w.run(
        'INSERT INTO finops_meta.alert_deliveries (alert_key, sink, delivered_at) VALUES ($alertKey, $sink, now())',
        { alertKey, sink: sink.name },
      );
      logger.debug(`alert ${alertKey} delivered to ${sink.name}`);
      outcomes.push({ sink: sink.name, status: 'delivered' });
    } catch (error) {
      logger.error(errorMessage(error));
      outcomes.push({ sink: sink.name, status: 'failed', error: errorMessage(error) });
    }
  }
  return outcomes;
}
