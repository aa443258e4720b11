/**
 * The sources. Adding a provider is a folder in src/sources/ whose index.ts is its Source, one entry
 * here, and a migration creating its raw schema when it keeps raw rows; the pipeline (src/pipeline/)
 * does the rest (README, "Adding a provider").
 */
import type { PeriodTableSet } from '../warehouse/period-tables.ts';
import { alibaba } from './alibaba/index.ts';
import { awsCur } from './aws-cur/index.ts';
import { azure } from './azure/index.ts';
import { focus } from './focus/index.ts';
import { gcp } from './gcp/index.ts';
import type { Source } from './source.ts';

// biome-ignore lint/suspicious/noExplicitAny: each source has its own target, unit and staged types.
type AnySource = Source<any, any, any>;

export const sources = {
  'aws-cur': awsCur,
  alibaba,
  azure,
  gcp,
  focus,
} satisfies Record<string, AnySource>;

/** Every period table set of every source (crash recovery drops their stale stages). */
export function sourceTables(): PeriodTableSet[] {
  return Object.values(sources as Record<string, AnySource>).flatMap((s) =>
    [s.tables.raw, s.tables.focus].filter((t): t is PeriodTableSet => t !== undefined),
  );
}
