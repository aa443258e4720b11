// Commitments: how much of each commitment discount was used (EffectiveCost of covered usage against
// the Unused rows that carry its waste), what it saved against list prices (unknown where the data has
// none), and how much of the usage commitments could cover they did. The figures are finops commitments'.
import { get } from '../api.js';
import { inlineBar } from '../chart.js';
import { append, h, message, select, table } from '../dom.js';
import { money, percent, periodName } from '../format.js';

const usedColor = '#2e9d6a';
const unusedColor = '#d1495b';
const onDemandColor = '#b8bec6';

const savings = (value, currency) => (value === null ? 'unknown' : money(value, currency));

function stat(title, value, note, testId) {
  return h(
    'section',
    { class: 'card', 'data-testid': testId },
    h('h3', {}, title),
    h('p', { class: 'figure' }, value),
    h('p', { class: 'sub' }, note),
  );
}

export async function render(root, { meta, params, currency, navigate }) {
  const info = meta.currencies.find((c) => c.code === currency);
  if (!info) {
    append(root, message('No costs in the warehouse yet.'));
    return;
  }
  const period = info.periods.includes(params.get('period')) ? params.get('period') : info.periods.at(-1);
  const data = await get('commitments', { currency, period });
  const periods = [...info.periods].reverse().map((p) => ({ value: p, label: periodName(p) }));
  append(
    root,
    h('h2', {}, `Commitments · ${periodName(period)}`),
    h(
      'form',
      { class: 'controls', onsubmit: (e) => e.preventDefault() },
      select('period', 'Billing period', periods, period, (v) => navigate({ period: v })),
    ),
  );
  if (!data.utilization || data.commitments.length === 0) {
    append(root, message(`No commitment discounts in ${periodName(period)} (${currency}).`));
    return;
  }
  const u = data.utilization;
  const c = data.coverage;
  append(
    root,
    h(
      'div',
      { class: 'cards' },
      stat(
        'Utilization',
        percent(u.utilization),
        `used ${money(u.used, currency)} of ${money(Number(u.used) + Number(u.unused), currency)}`,
        'utilization',
      ),
      stat('Unused (waste)', money(u.unused, currency), 'EffectiveCost of the Unused rows', 'unused'),
      stat(
        'Savings',
        savings(u.savings, currency),
        u.savings === null
          ? 'the data gives no list prices to compare with'
          : `against ${money(u.listCost, currency)} at list prices, net of waste`,
        'savings',
      ),
      stat(
        'Coverage',
        percent(c.coverage),
        `${money(c.covered, currency)} of eligible usage at on-demand prices`,
        'coverage',
      ),
    ),
    h('h3', {}, 'Utilization per commitment'),
    table(
      [
        { label: 'Commitment', value: (r) => h('span', { title: r.id }, r.name ?? r.id) },
        { label: 'Type', value: (r) => r.type },
        { label: 'Provider', value: (r) => r.provider },
        { label: 'Used', num: true, value: (r) => money(r.used, currency) },
        { label: 'Unused', num: true, value: (r) => money(r.unused, currency) },
        { label: 'Utilization', num: true, value: (r) => percent(r.utilization) },
        {
          label: '',
          value: (r) =>
            inlineBar(
              [
                { value: Number(r.used), color: usedColor, label: 'used' },
                { value: Number(r.unused), color: unusedColor, label: 'unused' },
              ],
              Number(r.used) + Number(r.unused),
              { currency },
            ),
        },
        { label: 'Savings', num: true, value: (r) => savings(r.savings, currency) },
        { label: 'Purchases billed', num: true, value: (r) => money(r.purchased, currency) },
      ],
      data.commitments,
      { 'data-testid': 'commitments' },
    ),
    h('h3', {}, 'Coverage per service category'),
    table(
      [
        { label: 'Service category', value: (r) => r.category },
        { label: 'Covered', num: true, value: (r) => money(r.covered, currency) },
        { label: 'On demand', num: true, value: (r) => money(r.onDemand, currency) },
        { label: 'Coverage', num: true, value: (r) => percent(r.coverage) },
        {
          label: '',
          value: (r) =>
            inlineBar(
              [
                { value: Number(r.covered), color: usedColor, label: 'covered' },
                { value: Number(r.onDemand), color: onDemandColor, label: 'on demand' },
              ],
              Number(r.covered) + Number(r.onDemand),
              { currency },
            ),
        },
      ],
      c.categories,
      { 'data-testid': 'coverage' },
    ),
  );
}
