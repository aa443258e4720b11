/**
 * The line items of one billing period, in delivery order: each day's usage (some of it covered by the
 * Reserved Instance or the Savings Plan) and the Savings Plan fee for that day, then the monthly lines
 * (RI fee, support, credit, refund, tax per account).
 */

import { dec, mul } from '../fixed-decimal.ts';
import type { Random } from '../random.ts';
import { accounts } from './catalog.ts';
import { type LineItem, LineItemFactory, type PeriodSpec, Reservation, SavingsPlan } from './line-items.ts';

const MONTHLY_ROWS = 12;

export function* periodLineItems(random: Random, spec: PeriodSpec): Generator<LineItem> {
  const factory = new LineItemFactory(random, spec);
  const ri = new Reservation('2024-01-01T00:00:00.000Z');
  const sp = new SavingsPlan();
  const usageCost = new Map<string, bigint>();
  const fixedPerDay = ri.count + 1;
  let budget = Math.max(0, spec.rows - MONTHLY_ROWS - fixedPerDay * spec.days);
  for (let day = 0; day < spec.days; day++) {
    sp.usedToday = 0n;
    for (let i = 0; i < ri.count; i++) {
      const hours = random.chance(0.9) ? dec('24') : dec(String(random.int(6, 23)));
      yield factory.reservedUsage(day, ri, hours);
    }
    let today = Math.floor(budget / (spec.days - day));
    budget -= today;
    while (today > 0) {
      const usage = factory.usage(day);
      const covered = today >= 2 && random.chance(0.25) ? factory.coverWithSavingsPlan(usage, sp) : undefined;
      if (covered) {
        yield* covered;
        today -= 2;
        continue;
      }
      const account = usage.item['lineItem/UsageAccountId'] as string;
      usageCost.set(account, (usageCost.get(account) ?? 0n) + mul(usage.amount, usage.rate));
      yield usage.item;
      today--;
    }
    yield factory.savingsPlanFee(day, sp);
  }
  yield* monthlyLines(factory, spec, ri, usageCost);
}

function* monthlyLines(
  factory: LineItemFactory,
  spec: PeriodSpec,
  ri: Reservation,
  usageCost: Map<string, bigint>,
): Generator<LineItem> {
  yield factory.reservationFee(ri, BigInt(spec.days * 24) * 10_000_000_000n);
  if (spec.monthIndex === 0) yield factory.reservationUpfront(ri);
  yield factory.fee(
    '100',
    'AWSSupportBusiness',
    'AWS Support (Business)',
    'AWS Support (Business) monthly fee',
  );
  yield factory.credit('25');
  if (spec.monthIndex > 0) yield factory.refund('12.34');
  for (const account of accounts) {
    const cost = usageCost.get(account.id);
    if (cost)
      yield factory.tax(account.id, 'AmazonEC2', 'Amazon Elastic Compute Cloud', mul(cost, dec('0.05')));
  }
}
