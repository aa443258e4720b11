/**
 * Rows of a sample GCP billing export, shaped as BigQuery holds them (nested records, repeated labels
 * and credits, FLOAT64 costs): hourly usage of a few SKUs across projects, sustained use and committed
 * use discounts, promotional and free-tier credits, the commitment's fee, and once a month a tax line,
 * a usage correction (adjustment_info filled) and a rounding error. Money is counted in integer
 * micro-dollars so every total is exact; a row's cost is that count / 1e6, which prints exactly.
 */
import type { BillingPeriod } from '../../billing-period.ts';
import type { Random } from '../random.ts';
import {
  type SampleProject,
  type SampleSku,
  sampleBillingAccount,
  sampleCommitment,
  sampleCurrency,
  sampleFolder,
  sampleOrganization,
  sampleProjects,
  sampleSkus,
} from './catalog.ts';

export interface ExportCredit {
  name: string;
  amount: number;
  full_name: string | null;
  id: string;
  type: string;
}

/** One export row as BigQuery returns it (JSON-ready). */
export type ExportRow = Record<string, unknown> & {
  cost: number;
  credits: ExportCredit[];
  export_time: string;
  invoice: { month: string };
};

export interface MonthRows {
  rows: ExportRow[];
  /** Micro-dollars. */
  cost: bigint;
  credits: bigint;
  creditRows: number;
}

const micros = (n: bigint) => Number(n) / 1e6;
const stamp = (d: Date) => `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;

export function monthRows(
  period: BillingPeriod,
  days: number,
  rowsPerDay: number,
  random: Random,
): MonthRows {
  const out: MonthRows = { rows: [], cost: 0n, credits: 0n, creditRows: 0 };
  const month = period.label.replace('-', '');
  const add = (row: ExportRow, cost: bigint, credits: bigint[]) => {
    out.rows.push(row);
    out.cost += cost;
    for (const c of credits) out.credits += c;
  };
  const start = new Date(`${period.start}T00:00:00Z`);
  for (let day = 0; day < days; day++) {
    for (let i = 0; i < rowsPerDay; i++) {
      const hour = new Date(start.getTime() + (day * 24 + random.int(0, 23)) * 3_600_000);
      const sku = random.pick(sampleSkus);
      const project = random.pick(sampleProjects);
      const row = usageRow(month, hour, sku, project, random);
      add(row.row, row.cost, row.credits);
      out.creditRows += row.creditRows;
    }
    const fee = new Date(start.getTime() + day * 24 * 3_600_000);
    const cost = BigInt(sampleCommitment.hourlyFeeMicros * 24);
    add(feeRow(month, fee, cost), cost, []);
  }
  const last = new Date(start.getTime() + (days - 1) * 24 * 3_600_000);
  for (const extra of monthEnd(month, last, out.cost + out.credits)) add(extra.row, extra.cost, []);
  return out;
}

function usageRow(month: string, hour: Date, sku: SampleSku, project: SampleProject, random: Random) {
  const amount = random.int(sku.usage[0], sku.usage[1]);
  const pricingUnits = amount / sku.perPricingUnit;
  const cost = BigInt(Math.max(1, Math.round(pricingUnits * sku.listMicros)));
  const credits: ExportCredit[] = [];
  let creditRows = 0;
  if (sku.committed && random.chance(0.5)) {
    credits.push({
      name: sampleCommitment.fullName,
      amount: micros(-cost),
      full_name: sampleCommitment.fullName,
      id: sampleCommitment.id,
      type: 'COMMITTED_USAGE_DISCOUNT',
    });
  } else if (sku.sustainedUse && random.chance(0.6)) {
    const sud = -((cost * 20n) / 100n);
    if (sud !== 0n)
      credits.push(
        credit('Sustained Usage Discount', sud, 'SUSTAINED_USAGE_DISCOUNT', `SustainedUsageDiscount`),
      );
  }
  if (random.chance(0.15)) {
    const left = cost + credits.reduce((s, c) => s + BigInt(Math.round(c.amount * 1e6)), 0n);
    const promo = -(left < 5000n ? left : 5000n);
    if (promo !== 0n) {
      credits.push(credit('Free Trial Credit', promo, 'PROMOTION', `FreeTrial:${sampleBillingAccount}`));
      creditRows++;
    }
  }
  const zone = sku.zonal && sku.region ? `${sku.region}-${random.pick(['a', 'b', 'c'])}` : null;
  const resource = sku.resourceKind
    ? `${project.name}-${sku.resourceKind.slice(0, -1)}-${random.int(1, 4)}`
    : null;
  const row: ExportRow = {
    ...common(month, hour, sku.serviceId, sku.service, sku.skuId, sku.sku, project),
    labels: resource ? [{ key: 'app', value: random.pick(['checkout', 'catalog', 'etl', 'search']) }] : [],
    system_labels:
      sku.service === 'Compute Engine'
        ? [{ key: 'compute.googleapis.com/machine_spec', value: 'n1-standard-4' }]
        : [],
    location: {
      location: zone ?? sku.region ?? 'us',
      country: 'US',
      region: sku.region?.includes('-') ? sku.region : null,
      zone,
    },
    resource: resource
      ? {
          name: resource,
          global_name: `//${globalHost(sku)}/projects/${project.id}/${zone ? `zones/${zone}/` : ''}${sku.resourceKind}/${resource}`,
        }
      : null,
    cost: micros(cost),
    cost_at_list: micros(cost),
    usage: { amount, unit: sku.unit, amount_in_pricing_units: pricingUnits, pricing_unit: sku.pricingUnit },
    credits,
    price: {
      effective_price: sku.listMicros / 1e6,
      tier_start_amount: 0,
      unit: sku.pricingUnit,
      pricing_unit_quantity: 1,
    },
  };
  return { row, cost, credits: credits.map((c) => BigInt(Math.round(c.amount * 1e6))), creditRows };
}

const credit = (name: string, amount: bigint, type: string, id: string): ExportCredit => ({
  name,
  amount: micros(amount),
  full_name: null,
  id,
  type,
});

function globalHost(sku: SampleSku): string {
  if (sku.service === 'Cloud Storage') return 'storage.googleapis.com';
  if (sku.service === 'Cloud SQL') return 'sqladmin.googleapis.com';
  return 'compute.googleapis.com';
}

function common(
  month: string,
  hour: Date,
  serviceId: string,
  service: string,
  skuId: string,
  sku: string,
  project: SampleProject | null,
) {
  const end = new Date(hour.getTime() + 3_600_000);
  return {
    billing_account_id: sampleBillingAccount,
    service: { id: serviceId, description: service },
    sku: { id: skuId, description: sku },
    usage_start_time: stamp(hour),
    usage_end_time: stamp(end),
    project: project
      ? {
          id: project.id,
          number: project.number,
          name: project.name,
          labels: Object.entries(project.labels).map(([key, value]) => ({ key, value })),
          ancestry_numbers: `/${sampleOrganization.resource_name.split('/')[1]}/${sampleFolder.resource_name.split('/')[1]}/`,
          ancestors: [
            { resource_name: `projects/${project.number}`, display_name: project.name },
            sampleFolder,
            sampleOrganization,
          ],
        }
      : null,
    export_time: stamp(new Date(end.getTime() + 5 * 3_600_000)),
    currency: sampleCurrency,
    currency_conversion_rate: 1,
    invoice: { month },
    cost_type: 'regular',
    adjustment_info: null,
    transaction_type: 'GOOGLE',
    seller_name: 'Google',
    subscription: null,
  };
}

function feeRow(month: string, day: Date, cost: bigint): ExportRow {
  const project = sampleProjects[0] as SampleProject;
  return {
    ...common(
      month,
      day,
      '6F81-5844-456A',
      'Compute Engine',
      sampleCommitment.feeSkuId,
      sampleCommitment.feeSku,
      project,
    ),
    usage_end_time: stamp(new Date(day.getTime() + 24 * 3_600_000)),
    labels: [],
    system_labels: [],
    location: { location: 'us-central1', country: 'US', region: 'us-central1', zone: null },
    resource: null,
    cost: micros(cost),
    cost_at_list: micros(cost),
    usage: { amount: 86_400, unit: 'seconds', amount_in_pricing_units: 24, pricing_unit: 'hour' },
    credits: [],
    subscription: { instance_id: sampleCommitment.id },
    price: null,
  };
}

/** The month's tax (10 % of the net so far), a usage correction and a rounding error. */
function monthEnd(month: string, day: Date, net: bigint): { row: ExportRow; cost: bigint }[] {
  const invoiceLine = (sku: string, costType: string, cost: bigint, extra: Partial<ExportRow> = {}) => ({
    row: {
      ...common(month, day, '', 'Invoice', '', sku, null),
      labels: [],
      system_labels: [],
      location: null,
      resource: null,
      cost: micros(cost),
      cost_at_list: null,
      usage: { amount: 0, unit: null, amount_in_pricing_units: 0, pricing_unit: null },
      credits: [],
      price: null,
      cost_type: costType,
      ...extra,
    } as ExportRow,
    cost,
  });
  const tax = (net * 10n) / 100n;
  const correction = invoiceLine('Usage correction', 'adjustment', -1_250_000n, {
    adjustment_info: {
      id: `adj-${month}-0001`,
      description: 'Correction of overcharged N1 core hours',
      mode: 'MANUAL_ADJUSTMENT',
      type: 'USAGE_CORRECTION',
    },
    project: common(month, day, '', '', '', '', sampleProjects[0] as SampleProject).project,
  });
  return [invoiceLine('Tax', 'tax', tax), correction, invoiceLine('Rounding error', 'rounding_error', 1n)];
}
