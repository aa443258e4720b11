// Numbers as people read them. Every money figure carries its currency code: the dashboard never
// shows an amount without saying what it is counted in, and never adds two currencies.

const moneyFormats = new Map();

/** "USD 1,234.56" from the API's decimal text. */
export function money(value, currency) {
  if (value === null || value === undefined) return '–';
  let format = moneyFormats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { style: 'currency', currency, currencyDisplay: 'code' });
    moneyFormats.set(currency, format);
  }
  return format.format(Number(value)).replace(/\u00a0/g, ' ');
}

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/** "12.3K" for chart axes (the axis title names the currency). */
export function short(value) {
  return compact.format(value);
}

/** "+12.3%" from a ratio; "new" when there was nothing before. */
export function change(ratio) {
  if (ratio === null || ratio === undefined) return 'new';
  const text = (Math.abs(ratio) * 100).toFixed(1);
  if (Number(text) === 0) return '0.0%';
  return `${ratio > 0 ? '+' : '-'}${text}%`;
}

export function percent(ratio) {
  return ratio === null || ratio === undefined ? '–' : `${(ratio * 100).toFixed(1)}%`;
}

export function count(value) {
  return value === null || value === undefined ? '–' : Number(value).toLocaleString('en-US');
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Mar 2024" from "2024-03". */
export function periodName(period) {
  const [y, m] = period.split('-');
  return `${months[Number(m) - 1]} ${y}`;
}

/** "Mar 5" from "2024-03-05". */
export function dayName(day) {
  const [, m, d] = day.split('-');
  return `${months[Number(m) - 1]} ${Number(d)}`;
}

/** "2024-03-05 14:07" from the API's ISO time in UTC. */
export function utcTime(iso) {
  return iso ? iso.replace('T', ' ').replace(/:\d\dZ$/, '') : '–';
}
