/**
 * The JSON endpoints: path, the parameters each takes, and the panel that answers. Every answer is
 * computed with the warehouse held read-only (see access.ts); none takes SQL from the request.
 */
import type { Session } from './access.ts';
import { anomalies, anomaliesParams } from './panels/anomalies.ts';
import { commitments, commitmentsParams } from './panels/commitments.ts';
import { daily, dailyParams } from './panels/daily.ts';
import { freshness, freshnessParams } from './panels/freshness.ts';
import { meta } from './panels/meta.ts';
import { movers, moversParams } from './panels/movers.ts';
import { overview, overviewParams } from './panels/overview.ts';
import { tags, tagsParams } from './panels/tags.ts';
import type { Query } from './params.ts';

/** What the pages need of the configuration; the warehouse does not hold it. */
export interface DashboardSettings {
  /** The tag policy's owner key and unallocated owner, for cost per owner (as `finops showback --by`). */
  owners?: { key: string; unallocated: string };
}

export interface Route {
  params: readonly string[];
  answer(session: Session, query: Query, settings: DashboardSettings): Promise<unknown>;
}

export const routes: Record<string, Route> = {
  '/api/meta': { params: [], answer: (s) => meta(s) },
  '/api/overview': { params: overviewParams, answer: overview },
  '/api/costs/daily': { params: dailyParams, answer: daily },
  '/api/movers': { params: moversParams, answer: movers },
  '/api/commitments': { params: commitmentsParams, answer: commitments },
  '/api/anomalies': { params: anomaliesParams, answer: anomalies },
  '/api/tags': { params: tagsParams, answer: tags },
  '/api/freshness': { params: freshnessParams, answer: (s) => freshness(s) },
};
