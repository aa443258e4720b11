/**
 * A warehouse for the dashboard's tests, loaded the way a user loads one: two months of generated AWS
 * CUR (USD, with commitments and tags) through the CUR importer, and two months of a second provider's
 * native FOCUS export billed in EUR through the FOCUS importer. Built once per test file (beforeAll)
 * in a folder of its own, removed after the file.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { tagPolicySchema } from '../../src/config/govern.ts';
import { compileTagPolicy } from '../../src/govern/policy.ts';
import { createLogger, silentLogger } from '../../src/log.ts';
import { runSource } from '../../src/pipeline/run-source.ts';
import { silentProgress } from '../../src/progress.ts';
import { generateCurSample } from '../../src/sample/aws-cur/generate.ts';
import { awsCur } from '../../src/sources/aws-cur/index.ts';
import { focus } from '../../src/sources/focus/index.ts';
import { DownloadCache } from '../../src/stores/cache.ts';
import { LocalStore } from '../../src/stores/local-store.ts';
import { Warehouse } from '../../src/warehouse/warehouse.ts';
import { WarehouseAccess } from '../../src/web/access.ts';
import type { DashboardSettings } from '../../src/web/routes.ts';
import { type Dashboard, startDashboard } from '../../src/web/server.ts';

export interface DashboardWarehouse {
  dir: string;
  dbPath: string;
  bucket: string;
  remove(): Promise<void>;
}

const columns = [
  'BillingAccountId',
  'BillingAccountName',
  'BillingCurrency',
  'BillingPeriodStart',
  'BillingPeriodEnd',
  'ChargeCategory',
  'ChargeDescription',
  'ChargeFrequency',
  'ChargePeriodStart',
  'ChargePeriodEnd',
  'BilledCost',
  'EffectiveCost',
  'ListCost',
  'ContractedCost',
  'ProviderName',
  'PublisherName',
  'InvoiceIssuerName',
  'ServiceName',
  'ServiceCategory',
  'SubAccountId',
  'SubAccountName',
  'RegionId',
  'RegionName',
  'PricingCategory',
  'Tags',
];

const services = [
  ['Virtual Machines', 'Compute', 3],
  ['Storage', 'Storage', 1.5],
  ['Azure SQL Database', 'Databases', 2],
] as const;

/** A small FOCUS 1.2 export of "Microsoft" in EUR: every day of January and February 2024. */
export function euroFocusCsv(): string {
  const lines = [columns.join(',')];
  for (let day = 0; day < 60; day++) {
    const date = new Date(Date.UTC(2024, 0, 1 + day));
    const d = date.toISOString().slice(0, 10);
    const next = new Date(date.getTime() + 86_400_000).toISOString().slice(0, 10);
    const month = d.slice(0, 7);
    const periodEnd = month === '2024-01' ? '2024-02-01' : '2024-03-01';
    for (const [s, [service, category, weight]] of services.entries()) {
      for (const account of ['sub-a', 'sub-b']) {
        const cost = (weight * (1 + ((day + s) % 5))).toFixed(2);
        const tags = account === 'sub-a' ? '"{""environment"":""production""}"' : '"{}"';
        lines.push(
          [
            'ea-1',
            'Contoso',
            'EUR',
            `${month}-01 00:00:00`,
            `${periodEnd} 00:00:00`,
            'Usage',
            `${service} usage`,
            'Usage-Based',
            `${d} 00:00:00`,
            `${next} 00:00:00`,
            cost,
            cost,
            cost,
            cost,
            'Microsoft',
            'Microsoft',
            'Microsoft',
            service,
            category,
            account,
            `Subscription ${account}`,
            'westeurope',
            'West Europe',
            'Standard',
            tags,
          ].join(','),
        );
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A FOCUS export of "Acme Cloud" in USD, every day of January and February 2024, with what the
 * anomalies page shows: Compute (weekdays 300, weekends 200) spikes to three times on 2024-02-20,
 * Storage (100 a day) doubles for good from 2024-02-12, and Queue (40 a day) appears on 2024-02-15.
 */
export function anomalousFocusCsv(): string {
  const lines = [columns.join(',')];
  const wobble = [0, 0.02, -0.02, 0.01, -0.01];
  for (let day = 0; day < 60; day++) {
    const date = new Date(Date.UTC(2024, 0, 1 + day));
    const d = date.toISOString().slice(0, 10);
    const next = new Date(date.getTime() + 86_400_000).toISOString().slice(0, 10);
    const month = d.slice(0, 7);
    const periodEnd = month === '2024-01' ? '2024-02-01' : '2024-03-01';
    const w = 1 + (wobble[day % 5] as number);
    const costs: [string, number][] = [
      ['Compute', (day % 7 >= 5 ? 200 : 300) * w * (d === '2024-02-20' ? 3 : 1)],
      ['Storage', 100 * w * (d >= '2024-02-12' ? 2 : 1)],
      ...(d >= '2024-02-15' ? [['Queue', 40 * w] as [string, number]] : []),
    ];
    for (const [service, amount] of costs) {
      const cost = amount.toFixed(2);
      lines.push(
        [
          'acme-billing',
          'Acme',
          'USD',
          `${month}-01 00:00:00`,
          `${periodEnd} 00:00:00`,
          'Usage',
          `${service} usage`,
          'Usage-Based',
          `${d} 00:00:00`,
          `${next} 00:00:00`,
          cost,
          cost,
          cost,
          cost,
          'Acme Cloud',
          'Acme Cloud',
          'Acme Cloud',
          service,
          'Compute',
          'acct-1',
          'Acme account',
          'region-1',
          'Region 1',
          'Standard',
          '"{}"',
        ].join(','),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Loads one more native FOCUS export (a CSV) into the warehouse, through the FOCUS importer. */
export async function addFocusExport(wh: DashboardWarehouse, name: string, csv: string): Promise<void> {
  const dir = path.join(wh.dir, name);
  await mkdir(dir);
  await writeFile(path.join(dir, `${name}.csv`), csv);
  const w = await Warehouse.open({ path: wh.dbPath, memoryLimit: '1GB' });
  try {
    const cache = new DownloadCache({
      root: path.join(wh.dir, 'cache'),
      retry: { attempts: 1, baseDelayMs: 5, maxDelayMs: 5 },
    });
    const ctx = { warehouse: w, cache, progress: silentProgress, logger: silentLogger, tagPolicy };
    await runSource(focus, ctx, { name, location: dir, store: new LocalStore(dir), prefix: '' });
  } finally {
    w.close();
  }
}

/** The tag policy the loads apply: what the tag compliance page shows. */
export const tagPolicy = compileTagPolicy(
  tagPolicySchema.parse({
    owner_key: 'cost_center',
    keys: {
      cost_center: { required: true, case: 'upper', pattern: '^CC-\\d{4}$' },
      environment: { required: true, values: ['production', 'staging', 'development'] },
    },
  }),
);

export async function buildDashboardWarehouse(): Promise<DashboardWarehouse> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dashboard-'));
  const dbPath = path.join(dir, 'finops.duckdb');
  const bucket = path.join(dir, 'bucket');
  const sample = await generateCurSample({
    out: bucket,
    exportName: 'acme-cur',
    months: 2,
    rows: 1500,
    seed: 11,
  });
  const focusDir = path.join(dir, 'focus');
  await mkdir(focusDir);
  await writeFile(path.join(focusDir, 'contoso-focus.csv'), euroFocusCsv());
  const w = await Warehouse.open({ path: dbPath, memoryLimit: '1GB' });
  try {
    const cache = new DownloadCache({
      root: path.join(dir, 'cache'),
      retry: { attempts: 1, baseDelayMs: 5, maxDelayMs: 5 },
    });
    const ctx = { warehouse: w, cache, progress: silentProgress, logger: silentLogger, tagPolicy };
    await runSource(awsCur, ctx, {
      name: 'acme-cur',
      location: bucket,
      exp: { store: new LocalStore(bucket), prefix: sample.prefix, exportName: 'acme-cur' },
    });
    await runSource(focus, ctx, {
      name: 'contoso',
      location: focusDir,
      store: new LocalStore(focusDir),
      prefix: '',
    });
  } finally {
    w.close();
  }
  return { dir, dbPath, bucket, remove: () => rm(dir, { recursive: true, force: true }) };
}

export interface TestDashboard extends Dashboard {
  /** GET a path of the dashboard; JSON bodies parsed. */
  get(
    pathAndQuery: string,
    headers?: Record<string, string>,
    // biome-ignore lint/suspicious/noExplicitAny: a JSON body whose shape each test asserts
  ): Promise<{ status: number; body: any; headers: Headers }>;
}

export async function startTestDashboard(
  dbPath: string,
  options: { host?: string; token?: string; idleMs?: number; settings?: DashboardSettings } = {},
): Promise<TestDashboard> {
  const logger = process.env.FINOPS_TEST_LOG ? createLogger({ level: 'debug' }) : silentLogger;
  const access = new WarehouseAccess({
    path: dbPath,
    lockWaitMs: 10_000,
    idleMs: options.idleMs ?? 60_000,
    logger,
  });
  const dashboard = await startDashboard({
    access,
    host: options.host ?? '127.0.0.1',
    port: 0,
    token: options.token,
    logger,
    // The owner key of the policy the fixture loads with, as finops serve reads it from config.toml.
    settings: options.settings ?? {
      owners: { key: tagPolicy.ownerKey, unallocated: tagPolicy.unallocated },
    },
  });
  const origin = `http://127.0.0.1:${dashboard.port}`;
  return {
    ...dashboard,
    get: async (pathAndQuery, headers = {}) => {
      const response = await fetch(`${origin}${pathAndQuery}`, { headers, redirect: 'manual' });
      const text = await response.text();
      const json = response.headers.get('content-type')?.startsWith('application/json');
      return { status: response.status, body: json ? JSON.parse(text) : text, headers: response.headers };
    },
  };
}

/** Exact sums straight from focus.costs, for comparing what the dashboard shows with the data. */
export async function focusSums(dbPath: string, sql: string, params: Record<string, string> = {}) {
  const w = await Warehouse.open({ path: dbPath, readOnly: true });
  try {
    return await w.all(sql, params);
  } finally {
    w.close();
  }
}
