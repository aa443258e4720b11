// Anomalies: what `finops anomalies` found (finops_meta.anomalies), newest first. Each finding shows its
// kind, a small chart of its series (the expected range as a band, the actual cost as a line, the day
// marked), what was expected and one word for where it stands.
import { get } from '../api.js';
import { bandChart } from '../chart.js';
import { append, h, message, table } from '../dom.js';
import { money } from '../format.js';

const kinds = { spike: 'spike', level_shift: 'level shift', new: 'new spend', stopped: 'stopped' };

function series(a) {
  const parts = [a.provider, a.service_name, a.sub_account_name ?? a.sub_account_id];
  if (a.tag_key) parts.push(`${a.tag_key}=${a.tag_value ?? ''}`);
  const known = parts.filter(Boolean);
  return known.length > 0 ? known.join(' · ') : (a.series_key ?? '');
}

function expected(a, currency) {
  if (a.kind === 'new') return 'nothing';
  const range =
    a.expected_low === null || a.expected_high === null
      ? ''
      : ` (${money(a.expected_low, currency)} – ${money(a.expected_high, currency)})`;
  return `${money(a.expected, currency)}${range}`;
}

function chart(a, currency) {
  if (!a.chart || a.chart.length === 0) return '–';
  return bandChart({ points: a.chart, day: a.day, currency, name: `${series(a)} around ${a.day}` });
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
        {
          label: 'Kind',
          value: (a) => h('span', { class: `kind ${a.kind ?? 'spike'}` }, kinds[a.kind] ?? 'spike'),
        },
        { label: 'Around it', value: (a) => chart(a, shown) },
        { label: 'Actual', num: true, value: (a) => money(a.actual, shown) },
        { label: 'Expected (range)', num: true, value: (a) => expected(a, shown) },
        {
          label: 'Impact',
          num: true,
          value: (a) => money(a.impact ?? Number(a.actual) - Number(a.expected), shown),
        },
        { label: 'Score', num: true, value: (a) => (a.score === null ? '–' : a.score.toFixed(1)) },
        {
          label: 'Status',
          value: (a) =>
            h('span', { class: 'status' }, a.status_word ?? (a.resolved_at ? 'resolved' : a.status)),
        },
      ],
      data.anomalies,
      { 'data-testid': 'anomalies' },
    ),
  );
}
