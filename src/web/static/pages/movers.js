// Top movers: what changed most between a billing period and the one before, up or down.
import { get } from '../api.js';
import { inlineBar } from '../chart.js';
import { append, h, message, select, table } from '../dom.js';
import { change, money, periodName } from '../format.js';

export async function render(root, { meta, params, currency, navigate }) {
  const info = meta.currencies.find((c) => c.code === currency);
  if (!info) {
    append(root, message('No costs in the warehouse yet.'));
    return;
  }
  const period = info.periods.includes(params.get('period')) ? params.get('period') : info.periods.at(-1);
  const groupBy = params.get('groupBy') ?? 'service';
  const data = await get('movers', { currency, period, groupBy, metric: params.get('metric'), limit: 15 });
  const groups = [...meta.groupBy, ...meta.tagKeys.map((k) => ({ value: `tag:${k}`, label: `Tag: ${k}` }))];
  const periods = [...info.periods].reverse().map((p) => ({ value: p, label: periodName(p) }));
  const biggest = Math.max(0, ...data.movers.map((m) => Math.abs(Number(m.change))));
  append(
    root,
    h('h2', {}, `Top movers · ${periodName(period)} against ${periodName(data.previousPeriod)}`),
    h(
      'form',
      { class: 'controls', onsubmit: (e) => e.preventDefault() },
      select('period', 'Billing period', periods, period, (v) => navigate({ period: v })),
      select('groupBy', 'Group by', groups, data.groupBy, (v) => navigate({ groupBy: v })),
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
    ),
    data.movers.length === 0
      ? message('Nothing to compare in these periods.')
      : table(
          [
            { label: 'Name', value: (m) => m.label },
            { label: periodName(data.previousPeriod), num: true, value: (m) => money(m.previous, currency) },
            { label: periodName(period), num: true, value: (m) => money(m.current, currency) },
            { label: 'Change', num: true, value: (m) => money(m.change, currency) },
            { label: '%', num: true, value: (m) => change(m.ratio) },
            {
              label: '',
              value: (m) =>
                inlineBar(
                  [
                    {
                      value: Number(m.change),
                      color: Number(m.change) > 0 ? '#d1495b' : '#2e9d6a',
                      label: 'change',
                    },
                  ],
                  biggest,
                  { diverging: true, currency },
                ),
            },
          ],
          data.movers,
          { 'data-testid': 'movers' },
        ),
  );
}
