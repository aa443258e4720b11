/**
 * A local stand-in for the BigQuery REST API (v2), for the calls @google-cloud/bigquery makes to run a
 * query job and page through its results: jobs.insert (POST /projects/{p}/jobs), jobs.get, and
 * jobs.getQueryResults (GET /projects/{p}/queries/{jobId}, with maxResults and pageToken), answering in
 * BigQuery's own JSON: a schema and rows as `{f: [{v}]}` cells, values as strings, a pageToken while
 * rows remain, and Google's error body. It checks the bearer token like the real service does.
 *
 * No local BigQuery exists, so it does not parse SQL: it knows the two queries finops sends by their
 * `-- finops:probe` / `-- finops:month-rows` marker and answers them as BigQuery would from the tables
 * it holds (export rows as BigQuery-shaped objects), honouring the named parameters: the invoice month,
 * and the partition window against each row's _PARTITIONTIME (its export day). Like BigQuery, it casts
 * FLOAT64 costs to NUMERIC (nine digits) where the query does, and writes TO_JSON_STRING's timestamps.
 * Faults can be scheduled per call (a 503 once, a failure on the second page).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

type Row = Record<string, unknown>;

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body?: unknown;
  authorization?: string;
}

interface Fault {
  /** Which call: 'insert', 'results' (every getQueryResults), or 'page:N' (the Nth page of a job, 1-based). */
  call: string;
  status: number;
  times: number;
  reason?: string;
}

interface JobState {
  id: string;
  projectId: string;
  location?: string;
  schema: { name: string; type: string }[];
  rows: string[][];
  pagesServed: number;
  /** getQueryResults calls still to answer "not complete yet", as for a query that takes a while. */
  pending: number;
}

export interface BigQueryStandIn {
  endpoint: string;
  token: string;
  /** `project.dataset.table` -> its rows. */
  setTable(name: string, rows: Row[]): void;
  fail(fault: Omit<Fault, 'times'> & { times?: number }): void;
  /** Every job created from now on answers its first `polls` result requests with jobComplete: false. */
  slowJobs(polls: number): void;
  requests(): RecordedRequest[];
  stop(): Promise<void>;
}

export async function startBigQueryStandIn(token = 'finops-test-token'): Promise<BigQueryStandIn> {
  const tables = new Map<string, Row[]>();
  const jobs = new Map<string, JobState>();
  const faults: Fault[] = [];
  const log: RecordedRequest[] = [];
  let pendingPolls = 0;

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) =>
      send(res, 500, errorBody(500, String(error), 'internalError')),
    );
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const body = req.method === 'POST' ? JSON.parse((await readBody(req)) || '{}') : undefined;
    const query = Object.fromEntries(url.searchParams);
    log.push({
      method: req.method ?? '',
      path: url.pathname,
      query,
      body,
      authorization: req.headers.authorization,
    });
    if (req.headers.authorization !== `Bearer ${token}`) {
      return send(
        res,
        401,
        errorBody(401, 'Request is missing required authentication credential.', 'unauthorized'),
      );
    }
    const insert = /^\/bigquery\/v2\/projects\/([^/]+)\/jobs$/.exec(url.pathname);
    if (insert && req.method === 'POST') return insertJob(res, insert[1] as string, body as Row);
    const get = /^\/bigquery\/v2\/projects\/([^/]+)\/jobs\/([^/]+)$/.exec(url.pathname);
    if (get && req.method === 'GET') {
      const job = jobs.get(decodeURIComponent(get[2] as string));
      return job ? send(res, 200, jobResource(job)) : notFound(res, get[2] as string);
    }
    const results = /^\/bigquery\/v2\/projects\/([^/]+)\/queries\/([^/]+)$/.exec(url.pathname);
    if (results && req.method === 'GET')
      return queryResults(res, decodeURIComponent(results[2] as string), query);
    return send(res, 404, errorBody(404, `Not found: ${url.pathname}`, 'notFound'));
  }

  function takeFault(call: string): Fault | undefined {
    const fault = faults.find((f) => f.call === call && f.times > 0);
    if (fault) fault.times--;
    return fault;
  }

  function insertJob(res: ServerResponse, projectId: string, body: Row) {
    if (sendFault(res, takeFault('insert'))) return;
    const config = (body.configuration as { query?: { query?: string; queryParameters?: Param[] } })?.query;
    const ref = body.jobReference as { jobId?: string; location?: string } | undefined;
    const sql = config?.query ?? '';
    const params = Object.fromEntries(
      (config?.queryParameters ?? []).map((p) => [p.name, p.parameterValue.value]),
    );
    const table = /FROM\s+`([^`]+)`/.exec(sql)?.[1] ?? '';
    const rows = tables.get(table);
    if (!rows)
      return send(
        res,
        404,
        errorBody(404, `Not found: Table ${table} was not found in location US`, 'notFound'),
      );
    const selected = rows.filter((r) => inMonth(r, params));
    const id = ref?.jobId ?? randomUUID();
    let job: JobState;
    if (sql.includes('-- finops:probe')) {
      job = {
        id,
        projectId,
        location: ref?.location,
        schema: [
          { name: 'row_count', type: 'INTEGER' },
          { name: 'cost', type: 'STRING' },
          { name: 'last_export', type: 'STRING' },
        ],
        rows: [probeRow(selected)],
        pagesServed: 0,
        pending: pendingPolls,
      };
    } else if (sql.includes('-- finops:month-rows')) {
      job = {
        id,
        projectId,
        location: ref?.location,
        schema: [{ name: 'row', type: 'STRING' }],
        rows: selected.map((r) => [JSON.stringify(asQueried(r))]),
        pagesServed: 0,
        pending: pendingPolls,
      };
    } else {
      return send(res, 400, errorBody(400, 'the stand-in does not know this query', 'invalidQuery'));
    }
    jobs.set(id, job);
    send(res, 200, jobResource(job));
  }

  function queryResults(res: ServerResponse, jobId: string, query: Record<string, string>) {
    // Like Google's front end, an unknown query parameter is a bad request, not silently ignored.
    const unknown = Object.keys(query).find((k) => !resultParameters.has(k));
    if (unknown) {
      return send(
        res,
        400,
        errorBody(
          400,
          `Invalid JSON payload received. Unknown name "${unknown}": Cannot bind query parameter.`,
          'invalid',
        ),
      );
    }
    const job = jobs.get(jobId);
    if (!job) return notFound(res, jobId);
    if (sendFault(res, takeFault('results'))) return;
    if (job.pending > 0) {
      job.pending--;
      return send(res, 200, {
        kind: 'bigquery#getQueryResultsResponse',
        jobReference: { projectId: job.projectId, jobId: job.id, location: job.location },
        jobComplete: false,
      });
    }
    const start = query.pageToken ? Number(Buffer.from(query.pageToken, 'base64url').toString()) : 0;
    if (sendFault(res, takeFault(`page:${Math.floor(start / pageSize(query)) + 1}`))) return;
    const size = pageSize(query);
    const page = job.rows.slice(start, start + size);
    job.pagesServed++;
    const next =
      start + size < job.rows.length ? Buffer.from(String(start + size)).toString('base64url') : undefined;
    send(res, 200, {
      kind: 'bigquery#getQueryResultsResponse',
      etag: `"${job.id}-${start}"`,
      schema: { fields: job.schema.map((f) => ({ ...f, mode: 'NULLABLE' })) },
      jobReference: { projectId: job.projectId, jobId: job.id, location: job.location },
      totalRows: String(job.rows.length),
      rows: page.map((cells) => ({ f: cells.map((v) => ({ v })) })),
      ...(next ? { pageToken: next } : {}),
      totalBytesProcessed: '0',
      jobComplete: true,
      cacheHit: false,
    });
  }

  function sendFault(res: ServerResponse, fault: Fault | undefined): boolean {
    if (!fault) return false;
    send(
      res,
      fault.status,
      errorBody(fault.status, `injected fault (${fault.call})`, fault.reason ?? 'backendError'),
    );
    return true;
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    token,
    setTable: (name, rows) => tables.set(name, rows),
    fail: (fault) => faults.push({ times: 1, ...fault }),
    slowJobs: (polls) => {
      pendingPolls = polls;
    },
    requests: () => [...log],
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

interface Param {
  name: string;
  parameterValue: { value: string };
}

/** The query parameters of jobs.getQueryResults, and the system parameters every Google API takes. */
const resultParameters = new Set([
  'location',
  'maxResults',
  'pageToken',
  'startIndex',
  'timeoutMs',
  'formatOptions.useInt64Timestamp',
  'formatOptions.timestampOutputFormat',
  'prettyPrint',
  'alt',
  'fields',
  'key',
  'quotaUser',
  'userIp',
]);

const pageSize = (query: Record<string, string>) => Number(query.maxResults ?? 100_000);

/** The WHERE of both queries: the invoice month, and _PARTITIONTIME (the row's export day) in the window. */
function inMonth(row: Row, params: Record<string, string>): boolean {
  const partition = `${String(row.export_time).slice(0, 10)}T00:00:00.000Z`;
  const month = (row.invoice as { month?: string } | undefined)?.month;
  return (
    month === params.invoice_month &&
    Date.parse(partition) >= Date.parse(params.partition_from ?? '') &&
    Date.parse(partition) < Date.parse(params.partition_to ?? '')
  );
}

/** FLOAT64 -> NUMERIC (rounded to nine digits) -> STRING, as CAST(CAST(x AS NUMERIC) AS STRING) prints it. */
function numericText(value: number): string {
  return nanosText(BigInt(Math.round(value * 1e9)));
}

function nanosText(nanos: bigint): string {
  const negative = nanos < 0n;
  const digits = (negative ? -nanos : nanos).toString().padStart(10, '0');
  const text = `${digits.slice(0, -9)}.${digits.slice(-9)}`.replace(/\.?0+$/, '');
  return `${negative ? '-' : ''}${text}`;
}

/** TO_JSON_STRING writes timestamps as `2024-01-03T05:00:00Z`. */
const jsonTimestamp = (text: unknown) =>
  typeof text === 'string' ? text.replace(' UTC', 'Z').replace(' ', 'T') : text;

/** One row as month.sql returns it. */
function asQueried(row: Row): Row {
  const credits = (row.credits as { amount: number }[] | undefined) ?? [];
  return {
    ...row,
    usage_start_time: jsonTimestamp(row.usage_start_time),
    usage_end_time: jsonTimestamp(row.usage_end_time),
    export_time: jsonTimestamp(row.export_time),
    cost: numericText(row.cost as number),
    credits: credits.map((c) => ({ ...c, amount: numericText(c.amount) })),
  };
}

function probeRow(rows: Row[]): string[] {
  const nanos = rows.reduce((s, r) => s + BigInt(Math.round((r.cost as number) * 1e9)), 0n);
  const last = rows
    .map((r) => String(r.export_time))
    .sort()
    .at(-1);
  return [
    String(rows.length),
    rows.length ? nanosText(nanos) : (null as unknown as string),
    last ? `${last.replace(' UTC', '').replace(' ', 'T')}.000000Z` : (null as unknown as string),
  ];
}

function jobResource(job: JobState) {
  return {
    kind: 'bigquery#job',
    id: `${job.projectId}:${job.location ?? 'US'}.${job.id}`,
    jobReference: { projectId: job.projectId, jobId: job.id, location: job.location ?? 'US' },
    configuration: { jobType: 'QUERY' },
    status: { state: 'DONE' },
    statistics: { query: { totalBytesProcessed: '0' } },
  };
}

function notFound(res: ServerResponse, jobId: string) {
  send(res, 404, errorBody(404, `Not found: Job ${jobId}`, 'notFound'));
}

function errorBody(code: number, message: string, reason: string) {
  return {
    error: { code, message, errors: [{ message, domain: 'global', reason }], status: statusName(code) },
  };
}

function statusName(code: number): string {
  return (
    { 400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 404: 'NOT_FOUND', 503: 'UNAVAILABLE' }[code] ??
    'INTERNAL'
  );
}

function send(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=UTF-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      text += chunk;
    });
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}
