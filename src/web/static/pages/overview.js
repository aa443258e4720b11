// Overview: billed and effective cost of a billing period against the period before, the daily trend
// of both periods, the last twelve periods by provider, and the providers side by side.
import { get } from '../api.js';
import { colorOf, legend, lineChart, stackedBars } from '../chart.js';
import { append, h, message, select, table } from '../dom.js';
import { change, money, periodName } from '../format.js';

function lastDayOf(period) {
  const [y, m] = period.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

function card(title, amount, previous, ratio, currency, previousPeriod, testId) {
  const direction = ratio === null || Math.abs(ratio) < 0.0005 ? 'flat' : ratio > 0 ? 'up' : 'down';
  return h(
    'section',
    { class: 'card', 'data-testid': testId, 'data-value': amount },
    h('h3', {}, title),
    h('p', { class: 'figure' }, money(amount, currency)),
    h(
      'p',
      { class: 'sub' },
      `${periodName(previousPeriod)}: ${money(previous, currency)} `,
      h('span', { class: `delta ${direction}` }, change(ratio)),
    ),
  );
}

/** Effective cost per day of the month, this period against the one before. */
function trend(points, period, previousPeriod, currency) {
  const perDay = new Map();
  for (const p of points) perDay.set(p.day, (perDay.get(p.day) ?? 0) + Number(p.cost));
  const days = Array.from({ length: 31 }, (_, i) => String(i + 1).padStart(2, '0'));
  const values = (prefix) => days.map((d) => perDay.get(`${prefix}-${d}`) ?? null);
  const lines = [
    { key: 'current', label: periodName(period), color: '#1f5fa8', values: values(period) },
    { key: 'previous', label: periodName(previousPeriod), color: '#a9b4c2', values: values(previousPeriod) },
  ];
  return h(
    'figure',
    { class: 'panel' },
    h('figcaption', {}, 'Effective cost per day of the month'),
    lineChart({ xs: days, lines, currency, labelOf: (d) => String(Number(d)), name: 'daily trend' }),
    legend(lines, currency),
  );
}

function months(rows, currency) {
  const periods = [...new Set(rows.map((r) => r.period))].sort();
  const totals = new Map();
  for (const r of rows) totals.set(r.provider, (totals.get(r.provider) ?? 0) + Math.abs(Number(r.effective)));
  const series = [...totals.keys()]
    .sort((a, b) => totals.get(b) - totals.get(a))
    .map((p, i) => ({ key: p, label: p, color: colorOf(p, i) }));
  const value = new Map(rows.map((r) => [`${r.period}|${r.provider}`, Number(r.effective)]));
  return h(
    'figure',
    { class: 'panel' },
    h('figcaption', {}, 'Effective cost per billing period, by provider'),
    stackedBars({
      categories: periods,
      series,
      value: (c, k) => value.get(`${c}|${k}`) ?? 0,
      currency,
      labelOf: periodName,
      name: 'cost per month',
    }),
    legend(series, currency),
  );
}

export async function render(root, { meta, params, currency, navigate }) {
  const info = meta.currencies.find((c) => c.code === currency);
  if (!info) {
    append(root, message('No costs in the warehouse yet: load some, then reload this page.'));
    return;
  }
  const period = info.periods.includes(params.get('period')) ? params.get('period') : info.periods.at(-1);
  const data = await get('overview', { period, currency });
  const daily = await get('costs/daily', {
    currency,
    groupBy: 'provider',
    from: `${data.previousPeriod}-01`,
    to: lastDayOf(period),
    top: 25,
  });
  const periods = [...info.periods].reverse().map((p) => ({ value: p, label: periodName(p) }));
  const total = data.total ?? { billed: '0', effective: '0', previousBilled: '0', previousEffective: '0' };
  const partial = data.through && data.through < lastDayOf(period);
  append(
    root,
    h(
      'div',
      { class: 'controls' },
      h('h2', {}, `Overview · ${periodName(period)}`),
      select('period', 'Billing period', periods, period, (v) => navigate({ period: v })),
    ),
    partial ? message(`Costs through ${data.through}: the period is not complete yet.`) : null,
    h(
      'div',
      { class: 'cards' },
      card(
        'Billed cost',
        total.billed,
        total.previousBilled,
        total.billedChange,
        currency,
        data.previousPeriod,
        'billed',
      ),
      card(
        'Effective cost',
        total.effective,
        total.previousEffective,
        total.effectiveChange,
        currency,
        data.previousPeriod,
        'effective',
      ),
    ),
    trend(daily.points, period, data.previousPeriod, currency),
    months(data.months, currency),
    h('h3', {}, 'Per provider'),
    table(
      [
        { label: 'Provider', value: (r) => r.provider },
        { label: 'Billed', num: true, value: (r) => money(r.billed, currency) },
        { label: 'Effective', num: true, value: (r) => money(r.effective, currency) },
        {
          label: `Effective, ${periodName(data.previousPeriod)}`,
          num: true,
          value: (r) => money(r.previousEffective, currency),
        },
        { label: 'Change', num: true, value: (r) => change(r.effectiveChange) },
      ],
      data.providers,
      { 'data-testid': 'providers' },
    ),
  );
}
