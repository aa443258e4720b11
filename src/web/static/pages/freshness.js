// Data freshness: the load ledger per source and billing period: when it last loaded, which version,
// the period's rows and reconciled cost per currency (all its slices), the FOCUS validation outcome.
import { get } from '../api.js';
import { append, h, message, table } from '../dom.js';
import { count, money, utcTime } from '../format.js';

function validation(v) {
  if (!v) return '–';
  if (v.status === 'passed') return h('span', { class: 'status ok' }, 'passed');
  const n = v.mandatoryFailures;
  return h('span', { class: 'status bad' }, `failed (${n} mandatory rule${n === 1 ? '' : 's'})`);
}

function status(load) {
  const kind = load.status === 'succeeded' ? 'ok' : load.status === 'running' ? 'info' : 'bad';
  return h('span', { class: `status ${kind}`, title: load.message ?? '' }, load.status);
}

function costs(totals) {
  if (!totals || typeof totals !== 'object') return '–';
  return Object.entries(totals)
    .map(([code, amount]) => money(amount, code))
    .join('; ');
}

function duration(ms) {
  if (ms === null || ms === undefined) return '–';
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export async function render(root) {
  const data = await get('freshness');
  append(root, h('h2', {}, 'Data freshness'));
  if (data.sources.length === 0) {
    append(root, message('Nothing loaded yet.'));
    return;
  }
  append(
    root,
    table(
      [
        { label: 'Source', value: (r) => `${r.sourceName} (${r.sourceType})` },
        { label: 'Last successful load (UTC)', value: (r) => utcTime(r.lastLoadAt) },
        { label: 'Latest day of costs', value: (r) => r.lastDay ?? '–' },
        { label: 'Periods', num: true, value: (r) => r.periods },
        { label: 'Failed attempts', num: true, value: (r) => r.failures },
      ],
      data.sources,
      { 'data-testid': 'sources' },
    ),
    h('h3', {}, 'Latest attempt per billing period'),
    table(
      [
        { label: 'Source', value: (l) => l.sourceName },
        { label: 'Period', value: (l) => l.period },
        { label: 'Status', value: status },
        {
          label: 'Version',
          value: (l) => h('code', { title: l.versionId ?? '' }, (l.versionId ?? '–').slice(0, 13)),
        },
        // A period loaded in slices (daily batches, export scopes) counts every slice.
        { label: 'Slices', num: true, value: (l) => l.parts ?? 1 },
        { label: 'Rows', num: true, value: (l) => count(l.rows) },
        { label: 'Reconciled cost', num: true, value: (l) => costs(l.costTotals) },
        { label: 'FOCUS validation', value: (l) => validation(l.validation) },
        { label: 'Started (UTC)', value: (l) => utcTime(l.startedAt) },
        { label: 'Took', num: true, value: (l) => duration(l.durationMs) },
        { label: 'Dashboard', value: (l) => l.aggregates },
      ],
      data.loads,
      { 'data-testid': 'loads' },
    ),
  );
}
