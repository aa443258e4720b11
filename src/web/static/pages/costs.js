// Cost over time: daily cost stacked by provider, service, account, region, category, charge
// category or a tag key's values, with filters. Every control changes the address, so a view can be
// bookmarked.
import { get } from '../api.js';
import { colorOf, legend, stackedBars } from '../chart.js';
import { append, dateInput, h, message, select } from '../dom.js';
import { dayName, money } from '../format.js';

const filterNames = ['provider', 'service', 'account', 'region', 'category', 'charge'];
const notForTags = new Set(['category', 'charge']);

function daysBetween(from, to) {
  const days = [];
  for (
    let d = new Date(`${from}T00:00:00Z`);
    d <= new Date(`${to}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 1)
  ) {
    days.push(d.toISOString().slice(0, 10));
  }
  return days;
}

function controls(meta, params, data, navigate) {
  const groupBy = data.groupBy;
  const groups = [...meta.groupBy, ...meta.tagKeys.map((k) => ({ value: `tag:${k}`, label: `Tag: ${k}` }))];
  const byTag = groupBy.startsWith('tag:');
  const filters = filterNames
    .filter((name) => !(byTag && notForTags.has(name)))
    .map((name) => {
      const title = meta.groupBy.find((g) => g.value === name)?.label ?? name;
      const options = [{ value: '', label: 'All' }, ...meta.dimensions[name]];
      return select(name, title, options, params.get(name) ?? '', (v) => navigate({ [name]: v }));
    });
  const leaveTags = (v) => (v.startsWith('tag:') ? { category: '', charge: '' } : {});
  return h(
    'form',
    { class: 'controls', onsubmit: (e) => e.preventDefault() },
    dateInput('from', 'From', data.from, (v) => navigate({ from: v })),
    dateInput('to', 'To', data.to, (v) => navigate({ to: v })),
    select('groupBy', 'Group by', groups, groupBy, (v) => navigate({ groupBy: v, ...leaveTags(v) })),
    select(
      'metric',
      'Cost',
      [
        { value: 'effective', label: 'Effective (amortized)' },
        { value: 'billed', label: 'Billed' },
      ],
      data.metric,
      (v) => navigate({ metric: v }),
    ),
    ...filters,
  );
}

export async function render(root, { meta, params, currency, navigate }) {
  if (!currency) {
    append(root, message('No costs in the warehouse yet.'));
    return;
  }
  const asked = Object.fromEntries(filterNames.map((n) => [n, params.get(n)]));
  const data = await get('costs/daily', {
    currency,
    groupBy: params.get('groupBy') ?? 'provider',
    metric: params.get('metric') ?? 'effective',
    from: params.get('from'),
    to: params.get('to'),
    ...asked,
  });
  const series = data.series.map((se, i) => ({ ...se, color: colorOf(se.key, i) }));
  const values = new Map(data.points.map((p) => [`${p.day}|${p.key}`, Number(p.cost)]));
  const metricName = data.metric === 'billed' ? 'Billed' : 'Effective';
  append(
    root,
    h('h2', {}, 'Cost over time'),
    controls(meta, params, data, navigate),
    h(
      'p',
      { class: 'total', 'data-testid': 'total', 'data-value': data.total },
      `${metricName} cost ${data.from} to ${data.to}: `,
      h('strong', {}, money(data.total, currency)),
    ),
    series.length === 0
      ? message('No costs match these filters.')
      : h(
          'figure',
          { class: 'panel' },
          stackedBars({
            categories: daysBetween(data.from, data.to),
            series,
            value: (day, key) => values.get(`${day}|${key}`) ?? 0,
            currency,
            labelOf: dayName,
            name: 'daily cost',
          }),
          legend(series, currency),
        ),
  );
}
