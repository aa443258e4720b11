/**
 * The charges of a sample Azure scope for a range of days, as the cost details datasets show them:
 * on-demand usage (the same in actual and amortized cost), a monthly reservation fee bought on the
 * month's first day (a Purchase in actual cost; spread over the reservation's used and unused hours in
 * amortized cost, where actual cost shows the covered usage at zero). Money is exact (bigint, 10^-10).
 */
import { dec, mul } from '../fixed-decimal.ts';
import type { Random } from '../random.ts';

export interface Meter {
  consumedService: string;
  resourceType: string;
  meterCategory: string;
  meterSubCategory: string;
  meterName: string;
  unit: string;
  /** Price per unit of measure. */
  price: bigint;
  product: string;
  partNumber: string;
}

export const meters: Meter[] = [
  {
    consumedService: 'Microsoft.Compute',
    resourceType: 'virtualMachines',
    meterCategory: 'Virtual Machines',
    meterSubCategory: 'Dv3/DSv3 Series',
    meterName: 'D2 v3/D2s v3',
    unit: '1 Hour',
    price: dec('0.096'),
    product: 'Virtual Machines Dv3/DSv3 Series - D2 v3/D2s v3 - EU West',
    partNumber: 'AAA-12345',
  },
  {
    consumedService: 'Microsoft.Storage',
    resourceType: 'storageAccounts',
    meterCategory: 'Storage',
    meterSubCategory: 'Tiered Block Blob',
    meterName: 'Hot LRS Data Stored',
    unit: '1 GB/Month',
    price: dec('0.0184'),
    product: 'Tiered Block Blob - Hot LRS - Data Stored - EU West',
    partNumber: 'AAD-34567',
  },
  {
    consumedService: 'Microsoft.Sql',
    resourceType: 'servers',
    meterCategory: 'SQL Database',
    meterSubCategory: 'General Purpose - Compute Gen5',
    meterName: 'vCore',
    unit: '1 Hour',
    price: dec('0.2522'),
    product: 'SQL Database Single General Purpose - Compute Gen5 - EU West',
    partNumber: 'AAF-56789',
  },
  {
    consumedService: 'Microsoft.Network',
    resourceType: 'publicIPAddresses',
    meterCategory: 'Virtual Network',
    meterSubCategory: 'IP Addresses',
    meterName: 'Standard IPv4 Static Public IP',
    unit: '1 Hour',
    price: dec('0.005'),
    product: 'IP Addresses - Standard IPv4 Static Public IP',
    partNumber: 'AAG-67890',
  },
];

export const reservedMeter = meters[0] as Meter;
/** The reservation's fee per day (its monthly fee is this times the days of the month). */
export const reservationDailyFee = dec('2.304');

export type ChargeKind = 'usage' | 'reserved-usage' | 'unused-reservation' | 'purchase';

export interface Charge {
  kind: ChargeKind;
  /** `YYYY-MM-DD` */
  day: string;
  meter: Meter;
  quantity: bigint;
  /** What actual cost shows. */
  actualCost: bigint;
  /** What amortized cost shows. */
  amortizedCost: bigint;
  resource: string;
  resourceGroup: string;
  tags: Record<string, string>;
}

const teams = ['payments', 'search', 'platform'];
const environments = ['prod', 'dev'];

export function dayCharges(random: Random, day: string, rowsPerDay: number, daysInMonth: number): Charge[] {
  const charges: Charge[] = [];
  if (day.endsWith('-01')) {
    const fee = reservationDailyFee * BigInt(daysInMonth);
    charges.push(charge('purchase', day, reservedMeter, dec('1'), fee, 0n, 'reservation', 'billing', {}));
  }
  // The reservation covers up to 24 hours a day; what the VMs leave unused is amortized as unused.
  const usedHours = BigInt(random.int(12, 24));
  const usedShare = (reservationDailyFee * usedHours) / 24n;
  charges.push(
    charge(
      'reserved-usage',
      day,
      reservedMeter,
      dec(String(usedHours)),
      0n,
      usedShare,
      'vm-reserved-01',
      'rg-payments',
      {
        team: 'payments',
        env: 'prod',
      },
    ),
  );
  if (usedHours < 24n) {
    const unused = reservationDailyFee - usedShare;
    charges.push(
      charge(
        'unused-reservation',
        day,
        reservedMeter,
        dec(String(24n - usedHours)),
        0n,
        unused,
        'reservation',
        'billing',
        {},
      ),
    );
  }
  for (let i = 0; i < rowsPerDay; i++) {
    const meter = random.pick(meters);
    const quantity = dec(`${random.int(1, 240)}.${random.int(0, 9999)}`) / 10n;
    const cost = mul(quantity, meter.price);
    const team = random.pick(teams);
    const tags: Record<string, string> = { team, env: random.pick(environments) };
    if (random.chance(0.2)) delete tags.env;
    charges.push(
      charge(
        'usage',
        day,
        meter,
        quantity,
        cost,
        cost,
        `${meter.resourceType.toLowerCase()}-${team}-${i % 5}`,
        `rg-${team}`,
        tags,
      ),
    );
  }
  return charges;
}

function charge(
  kind: ChargeKind,
  day: string,
  meter: Meter,
  quantity: bigint,
  actualCost: bigint,
  amortizedCost: bigint,
  resource: string,
  resourceGroup: string,
  tags: Record<string, string>,
): Charge {
  return { kind, day, meter, quantity, actualCost, amortizedCost, resource, resourceGroup, tags };
}

/** Which charges a dataset lists: actual cost has no unused rows, amortized cost no purchases. */
export function inDataset(c: Charge, dataset: 'ActualCost' | 'AmortizedCost'): boolean {
  return dataset === 'ActualCost' ? c.kind !== 'unused-reservation' : c.kind !== 'purchase';
}
