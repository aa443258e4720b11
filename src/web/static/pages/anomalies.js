// Anomalies: the cost spikes `finops anomalies` found (finops_meta.anomalies), newest first.
import { get } from '../api.js';
import { append, h, message, table } from '../dom.js';
import { money } from '../format.js';

function series(a) {
  const parts = [a.provider, a.service_name, a.sub_account_name ?? a.sub_account_id];
  if (a.tag_key) parts.push(`${a.tag_key}=${a.tag_value ?? ''}`);
  const known = parts.filter(Boolean);
  return known.length > 0 ? known.join(' · ') : (a.series_key ?? '');
}

export async function render(root, { currency }) {
  const data = await get('anomalies', { currency });
  append(root, h('h2', {}, 'Anomalies'));
  if (!data.available || data.anomalies.length === 0) {
    append(root, message(data.message ?? 'no anomaly data yet'));
    return;
  }
  const shown = data.currency ?? currency;
  append(
    root,
    table(
      [
        { label: 'Day', value: (a) => a.day },
        { label: 'Series', value: series },
        { label: 'Detector', value: (a) => a.detector },
        { label: 'Actual', num: true, value: (a) => money(a.actual, shown) },
        { label: 'Expected', num: true, value: (a) => money(a.expected, shown) },
        {
          label: 'Impact',
          num: true,
          value: (a) => money(a.impact ?? Number(a.actual) - Number(a.expected), shown),
        },
        { label: 'Score', num: true, value: (a) => (a.score === null ? '–' : a.score.toFixed(1)) },
        { label: 'Status', value: (a) => (a.resolved_at ? `${a.status}, resolved` : a.status) },
      ],
      data.anomalies,
      { 'data-testid': 'anomalies' },
    ),
  );
}
