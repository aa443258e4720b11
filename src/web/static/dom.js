// Building the page from data without innerHTML: every text from the warehouse (service names, tag
// values, messages) goes in as a text node, so nothing in the data can become markup.

const svgNs = 'http://www.w3.org/2000/svg';

function fill(el, attrs, children) {
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** An HTML element: h('td', { class: 'num' }, 'USD 1.00'). */
export function h(tag, attrs, ...children) {
  return fill(document.createElement(tag), attrs, children);
}

/** Adds children to an element, leaving out null, undefined and false (absent parts of a page). */
export function append(el, ...children) {
  return fill(el, {}, children);
}

/** An SVG element. */
export function s(tag, attrs, ...children) {
  return fill(document.createElementNS(svgNs, tag), attrs, children);
}

/**
 * A table: columns are { label, value(row) -> text or node, num (right-aligned) }.
 */
export function table(columns, rows, attrs = {}) {
  const head = h('tr', {}, ...columns.map((c) => h('th', { class: c.num ? 'num' : undefined }, c.label)));
  const body = rows.map((row) =>
    h('tr', {}, ...columns.map((c) => h('td', { class: c.num ? 'num' : undefined }, c.value(row)))),
  );
  return h('table', { class: 'grid', ...attrs }, h('thead', {}, head), h('tbody', {}, ...body));
}

/** A labelled <select>; `options` are { value, label }. */
export function select(name, label, options, value, onchange) {
  const el = h(
    'select',
    { name, onchange: (e) => onchange(e.target.value) },
    ...options.map((o) => h('option', { value: o.value, selected: o.value === value }, o.label)),
  );
  return h('label', { class: 'control' }, h('span', {}, label), el);
}

/** A labelled date input. */
export function dateInput(name, label, value, onchange) {
  const el = h('input', { type: 'date', name, value, onchange: (e) => onchange(e.target.value) });
  return h('label', { class: 'control' }, h('span', {}, label), el);
}

export function message(text, kind = 'muted') {
  return h('p', { class: `message ${kind}` }, text);
}
