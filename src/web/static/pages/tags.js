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
  const total = data.compliance.reduce((sum, r) => sum + Number(r.cost), 0);
  const compliant = data.compliance.find((r) => r.compliance === 'compliant');
  const untagged = data.untagged;
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
        money(untagged?.cost ?? 0, currency),
        untagged ? `${untagged.percent.toFixed(2)}% of ${money(untagged.total, currency)}` : '',
        'untagged',
        untagged?.cost,
      ),
      stat(
        'Compliant',
        money(compliant?.cost ?? 0, currency),
        compliant ? `${compliant.percent ?? 0}% of the period's ${data.metric}` : 'nothing meets the policy',
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
        { label: 'Share', num: true, value: (r) => (r.percent === null ? '' : percent(r.percent / 100)) },
        {
          label: '',
          value: (r) =>
            inlineBar(
              [{ value: Number(r.cost), color: colors[r.compliance] ?? '#888', label: r.compliance }],
              total,
              {
                currency,
              },
            ),
        },
      ],
      data.compliance,
      { 'data-testid': 'compliance' },
    ),
    data.owners
      ? [
          h(
            'h3',
            {},
            `Cost per ${data.owners.key}${data.owners.allocated ? ' (shared costs allocated)' : ''}`,
          ),
          message(
            `Each row's own valid ${data.owners.key} (or the one its allocation gave it); here Unallocated is ` +
              `cost without a valid ${data.owners.key}, while the card above also counts rows that break other keys.`,
          ),
          data.owners.stale
            ? message('A load changed this period since finops allocate ran: run it again.')
            : null,
          table(
            [
              { label: 'Owner', value: (r) => r.owner },
              { label: 'Cost', num: true, value: (r) => money(r.cost, currency) },
              { label: 'Of it shared', num: true, value: (r) => money(r.shared, currency) },
              {
                label: 'Share',
                num: true,
                value: (r) => (r.percent === null ? '' : percent(r.percent / 100)),
              },
            ],
            data.owners.rows,
            { 'data-testid': 'owners' },
          ),
        ]
      : null,
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
