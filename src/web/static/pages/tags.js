// Tag compliance and unallocated cost of a billing period (src/govern's tag policy): how much spend
// meets the policy, who owns what (the Unallocated row is cost nobody owns), which keys fail most
// expensively, and the resources, accounts and services to fix first.
import { get } from '../api.js';
import { inlineBar } from '../chart.js';
import { append, h, message, select, table } from '../dom.js';
import { count, money, percent, periodName } from '../format.js';

const colors = { compliant: '#2e9d6a', invalid: '#e08e0b', missing: '#d1495b', ungoverned: '#b8bec6' };

function stat(title, value, note, testId, amount) {
  return h(
    'section',
    { class: 'card', 'data-testid': testId, 'data-value': amount },
    h('h3', {}, title),
    h('p', { class: 'figure' }, value),
    h('p', { class: 'sub' }, note),
  );
}

function offenders(title, rows, currency, testId) {
  if (rows.length === 0) return null;
  return [
    h('h3', {}, title),
    table(
      [
        { label: 'Name', value: (r) => h('span', { title: r.label ?? '' }, r.name) },
        { label: 'Problems', value: (r) => r.violations.join(', ') },
        { label: 'Rows', num: true, value: (r) => count(r.rows) },
        { label: 'Cost', num: true, value: (r) => money(r.cost, currency) },
      ],
      rows,
      { 'data-testid': testId },
    ),
  ];
}

export async function render(root, { meta, params, currency, navigate }) {
  const info = meta.currencies.find((c) => c.code === currency);
  const period = info?.periods.includes(params.get('period')) ? params.get('period') : info?.periods.at(-1);
  const data = await get('tags', { currency, period });
  append(root, h('h2', {}, period ? `Tag compliance · ${periodName(period)}` : 'Tag compliance'));
  if (!data.available) {
    append(root, message(data.message));
    return;
  }
  const periods = [...info.periods].reverse().map((p) => ({ value: p, label: periodName(p) }));
  const largest = data.compliance.reduce((max, r) => Math.max(max, Number(r.cost)), 0);
  const compliant = data.compliance.find((r) => r.compliance === 'compliant');
  const unallocated = data.unallocated;
  append(
    root,
    h(
      'form',
      { class: 'controls', onsubmit: (e) => e.preventDefault() },
      select('period', 'Billing period', periods, period, (v) => navigate({ period: v })),
    ),
    h(
      'div',
      { class: 'cards' },
      stat(
        'Unallocated (a required tag missing or invalid)',
        money(unallocated?.cost ?? 0, currency),
        unallocated ? `${percent(unallocated.share)} of ${money(unallocated.total, currency)}` : '',
        'unallocated',
        unallocated?.cost ?? '0.00',
      ),
      stat(
        'Compliant',
        money(compliant?.cost ?? 0, currency),
        compliant ? `${percent(compliant.share)} of the period's ${data.metric}` : 'nothing meets the policy',
        'compliant',
        compliant?.cost,
      ),
    ),
    h('h3', {}, 'Spend by compliance'),
    table(
      [
        { label: 'Compliance', value: (r) => r.compliance },
        { label: 'Rows', num: true, value: (r) => count(r.rows) },
        { label: 'Cost', num: true, value: (r) => money(r.cost, currency) },
        { label: 'Share', num: true, value: (r) => percent(r.share) },
        {
          label: '',
          value: (r) =>
            inlineBar(
              [{ value: Number(r.cost), color: colors[r.compliance] ?? '#888', label: r.compliance }],
              largest,
              {
                currency,
              },
            ),
        },
      ],
      data.compliance,
      { 'data-testid': 'compliance' },
    ),
    h('h3', {}, 'Cost per owner'),
    data.owners === null
      ? message(data.ownersMessage)
      : [
          message(
            `finops showback --by ${data.ownerKey}: a row's owner is its valid ${data.ownerKey}, else the unallocated owner${data.allocated ? ', after shared-cost allocation (finops allocate)' : ''}.`,
          ),
          table(
            [
              { label: 'Owner', value: (r) => r.owner },
              { label: 'Rows', num: true, value: (r) => count(r.rows) },
              { label: 'Cost', num: true, value: (r) => money(r.cost, currency) },
              { label: 'Shared', num: true, value: (r) => money(r.shared, currency) },
              { label: 'Share', num: true, value: (r) => percent(r.share) },
            ],
            data.owners,
            { 'data-testid': 'owners' },
          ),
        ],
    data.keys.length > 0
      ? [
          h('h3', {}, 'Keys that fail most expensively'),
          table(
            [
              { label: 'Key', value: (r) => r.key },
              { label: 'Problem', value: (r) => r.problem },
              { label: 'Rows', num: true, value: (r) => count(r.rows) },
              { label: 'Cost', num: true, value: (r) => money(r.cost, currency) },
            ],
            data.keys,
            { 'data-testid': 'keys' },
          ),
        ]
      : null,
    offenders('Resources to tag first', data.resources, currency, 'resources'),
    offenders('Accounts', data.accounts, currency, 'accounts'),
    offenders('Services', data.services, currency, 'services'),
  );
}
