// Small SVG charts, drawn here rather than by a library: stacked bars (days or months by series), lines,
// and inline bars for tables. Each bar carries its numbers as data- attributes and a <title> tooltip,
// so what a chart shows can be read back exactly (the end-to-end test does).
import { h, s } from './dom.js';
import { money, short } from './format.js';

const palette = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7'];
const muted = { '(other)': '#b8bec6', '(untagged)': '#d9c9a3', '(none)': '#cfd4da' };

/** A stable color per series position; "Other", "(untagged)" and "(none)" in quiet tones. */
export function colorOf(key, index) {
  return muted[key] ?? palette[index % palette.length];
}

/** Round steps for an axis from min to max: 0, 250, 500, ... */
function ticks(min, max, count = 5) {
  if (max === min) return [min, min + 1];
  const raw = (max - min) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((st) => st >= raw) ?? raw;
  const result = [];
  for (let v = Math.floor(min / step) * step; v < max + step * 0.999; v += step)
    result.push(Number(v.toFixed(10)));
  return result;
}

const size = { width: 960, height: 300, left: 64, right: 12, top: 22, bottom: 30 };

function frame(yTicks, currency) {
  const plotH = size.height - size.top - size.bottom;
  const lo = yTicks[0];
  const hi = yTicks[yTicks.length - 1];
  const y = (v) => size.top + plotH - ((v - lo) / (hi - lo)) * plotH;
  const grid = yTicks.map((t) =>
    s(
      'g',
      { class: t === 0 ? 'tick zero' : 'tick' },
      s('line', { x1: size.left, x2: size.width - size.right, y1: y(t), y2: y(t) }),
      s('text', { x: size.left - 6, y: y(t) + 4, 'text-anchor': 'end' }, short(t)),
    ),
  );
  const title = s('text', { class: 'axis-title', x: size.left - 6, y: 12, 'text-anchor': 'end' }, currency);
  return { y, grid: [...grid, title] };
}

/** Labels under at most ~12 of the categories, evenly spread. */
function xLabels(categories, xOf, labelOf) {
  const every = Math.max(1, Math.ceil(categories.length / 12));
  return categories
    .map((c, i) =>
      i % every === 0
        ? s('text', { class: 'x-label', x: xOf(i), y: size.height - 10, 'text-anchor': 'middle' }, labelOf(c))
        : null,
    )
    .filter(Boolean);
}

/**
 * Stacked bars: one bar per category (a day, a month), one segment per series; negative amounts
 * (credits) stack below zero. `value(category, key)` gives a number or 0.
 */
export function stackedBars({ categories, series, value, currency, labelOf, name }) {
  const sums = categories.map((c) => {
    let up = 0;
    let down = 0;
    for (const se of series) {
      const v = value(c, se.key);
      if (v >= 0) up += v;
      else down += v;
    }
    return { up, down };
  });
  const yTicks = ticks(Math.min(0, ...sums.map((x) => x.down)), Math.max(0, ...sums.map((x) => x.up)));
  const { y, grid } = frame(yTicks, currency);
  const plotW = size.width - size.left - size.right;
  const slot = plotW / Math.max(1, categories.length);
  const barW = Math.max(1, slot * 0.78);
  const xOf = (i) => size.left + slot * i + slot / 2;
  const bars = [];
  categories.forEach((c, i) => {
    let up = 0;
    let down = 0;
    series.forEach((se, j) => {
      const v = value(c, se.key);
      if (v === 0) return;
      const base = v >= 0 ? up : down;
      const top = base + v;
      if (v >= 0) up = top;
      else down = top;
      const tip = `${labelOf(c)} · ${se.label}: ${money(v, currency)}`;
      bars.push(
        s(
          'rect',
          {
            class: 'bar',
            x: xOf(i) - barW / 2,
            y: Math.min(y(base), y(top)),
            width: barW,
            height: Math.max(0.5, Math.abs(y(base) - y(top))),
            fill: colorOf(se.key, j),
            'data-category': c,
            'data-series': se.key,
            'data-value': v,
          },
          s('title', {}, tip),
        ),
      );
    });
  });
  return s(
    'svg',
    { class: 'chart', viewBox: `0 0 ${size.width} ${size.height}`, role: 'img', 'aria-label': name },
    ...grid,
    ...bars,
    ...xLabels(categories, xOf, labelOf),
  );
}

/** Lines over shared x positions; `lines` are { key, label, color, values: (number|null)[] }. */
export function lineChart({ xs, lines, currency, labelOf, name }) {
  const all = lines.flatMap((l) => l.values.filter((v) => v !== null));
  const yTicks = ticks(Math.min(0, ...all), Math.max(0, ...all));
  const { y, grid } = frame(yTicks, currency);
  const plotW = size.width - size.left - size.right;
  const xOf = (i) => size.left + (xs.length === 1 ? plotW / 2 : (plotW * i) / (xs.length - 1));
  const paths = lines.map((l) => {
    const points = l.values.map((v, i) => (v === null ? null : `${xOf(i).toFixed(1)},${y(v).toFixed(1)}`));
    const d = points.reduce(
      (acc, p, i) => (p === null ? acc : `${acc}${i === 0 || points[i - 1] === null ? 'M' : 'L'}${p}`),
      '',
    );
    return s(
      'path',
      { class: `line ${l.key}`, d, stroke: l.color, 'data-series': l.key },
      s('title', {}, l.label),
    );
  });
  return s(
    'svg',
    { class: 'chart', viewBox: `0 0 ${size.width} ${size.height}`, role: 'img', 'aria-label': name },
    ...grid,
    ...paths,
    ...xLabels(xs, xOf, labelOf),
  );
}

/**
 * A small chart of one series around a finding: the expected range as a band, the expected cost as a
 * dashed line, the actual cost as a line (broken where a day has no data), and a dot on the finding's
 * day. `points` are { day, actual, expected, low, high } as decimal text or null.
 */
export function bandChart({ points, day, currency, name }) {
  const width = 220;
  const height = 56;
  const num = (v) => (v === null || v === undefined ? null : Number(v));
  const values = points.flatMap((p) => [num(p.actual), num(p.low), num(p.high)]).filter((v) => v !== null);
  // From zero, so a wobble of a few cents does not fill the chart like a doubling.
  const lo = Math.min(0, ...values);
  const hi = Math.max(0, ...values);
  const span = hi > lo ? hi - lo : 1;
  const x = (i) => 2 + (points.length <= 1 ? (width - 4) / 2 : ((width - 4) * i) / (points.length - 1));
  const y = (v) => height - 3 - ((v - lo) / span) * (height - 6);
  const path = (pick) =>
    points.reduce((acc, p, i) => {
      const v = num(pick(p));
      if (v === null) return acc;
      const prev = i > 0 ? num(pick(points[i - 1])) : null;
      return `${acc}${prev === null ? 'M' : 'L'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
    }, '');
  const banded = points
    .map((p, i) => ({ i, low: num(p.low), high: num(p.high) }))
    .filter((b) => b.low !== null);
  const band = banded.length
    ? [
        ...banded.map((b) => `${x(b.i).toFixed(1)},${y(b.high).toFixed(1)}`),
        ...banded.reverse().map((b) => `${x(b.i).toFixed(1)},${y(b.low).toFixed(1)}`),
      ].join(' ')
    : '';
  const at = points.findIndex((p) => p.day === day);
  const mark = at >= 0 && num(points[at].actual) !== null ? points[at] : null;
  return s(
    'svg',
    {
      class: 'band-chart',
      viewBox: `0 0 ${width} ${height}`,
      width,
      height,
      role: 'img',
      'aria-label': name,
      'data-days': points.length,
    },
    band ? s('polygon', { class: 'band', points: band }) : null,
    s('path', { class: 'expected', d: path((p) => p.expected) }),
    s('path', { class: 'actual', d: path((p) => p.actual) }),
    mark
      ? s(
          'circle',
          {
            class: 'marker',
            cx: x(at),
            cy: y(num(mark.actual)),
            r: 3,
            'data-day': day,
            'data-value': mark.actual,
          },
          s(
            'title',
            {},
            `${day}: ${money(mark.actual, currency)} (expected ${money(mark.expected, currency)})`,
          ),
        )
      : null,
  );
}

/** A legend: a swatch, the label and (optionally) the series total, per series. */
export function legend(series, currency) {
  return h(
    'ul',
    { class: 'legend' },
    ...series.map((se, i) =>
      h(
        'li',
        { 'data-series': se.key },
        s(
          'svg',
          { class: 'swatch', viewBox: '0 0 10 10' },
          s('rect', { width: 10, height: 10, rx: 2, fill: se.color ?? colorOf(se.key, i) }),
        ),
        h('span', { class: 'label' }, se.label),
        se.total === undefined ? null : h('span', { class: 'amount' }, money(se.total, currency)),
      ),
    ),
  );
}

/**
 * An inline bar for a table cell: `parts` ({ value, color, label }) laid end to end against `max`;
 * with `diverging`, a single value drawn left (negative) or right (positive) of a center line.
 */
export function inlineBar(parts, max, { diverging = false, currency } = {}) {
  const width = 160;
  const scale = max > 0 ? (diverging ? width / 2 : width) / max : 0;
  const rects = [];
  let x = diverging ? width / 2 : 0;
  for (const p of parts) {
    const w = Math.abs(p.value) * scale;
    const left = diverging && p.value < 0 ? width / 2 - w : x;
    rects.push(
      s(
        'rect',
        { x: left, y: 2, width: Math.max(w, 0.5), height: 10, fill: p.color, 'data-value': p.value },
        s('title', {}, `${p.label}: ${money(p.value, currency)}`),
      ),
    );
    if (!diverging) x += w;
  }
  const center = diverging
    ? s('line', { class: 'center', x1: width / 2, x2: width / 2, y1: 0, y2: 14 })
    : null;
  return s('svg', { class: 'inline-bar', viewBox: `0 0 ${width} 14`, width, height: 14 }, ...rects, center);
}
