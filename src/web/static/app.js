// The dashboard page: one HTML page whose panels are routes in the address's hash
// (#/costs?groupBy=service&from=2024-01-01), so every view, filters included, can be bookmarked and
// shared. Each panel is a module under pages/ with render(root, context).
import { get } from './api.js';
import { h, message } from './dom.js';
import * as anomalies from './pages/anomalies.js';
import * as commitments from './pages/commitments.js';
import * as costs from './pages/costs.js';
import * as freshness from './pages/freshness.js';
import * as movers from './pages/movers.js';
import * as overview from './pages/overview.js';
import * as tags from './pages/tags.js';

const pages = [
  { name: 'overview', title: 'Overview', module: overview },
  { name: 'costs', title: 'Cost over time', module: costs },
  { name: 'movers', title: 'Top movers', module: movers },
  { name: 'commitments', title: 'Commitments', module: commitments },
  { name: 'anomalies', title: 'Anomalies', module: anomalies },
  { name: 'tags', title: 'Tag compliance', module: tags },
  { name: 'freshness', title: 'Data freshness', module: freshness },
];

let meta;
let rendering = 0;

function route() {
  const [path, query = ''] = location.hash.replace(/^#\/?/, '').split('?');
  const page = pages.find((p) => p.name === path) ?? pages[0];
  return { page, params: new URLSearchParams(query) };
}

/** Changes the view's parameters (a filter, a period): a new address, so Back undoes it. */
function navigate(name, params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
  const qs = query.toString();
  location.hash = `#/${name}${qs ? `?${qs}` : ''}`;
}

function currencyOf(params) {
  const asked = params.get('currency');
  return meta.currencies.some((c) => c.code === asked) ? asked : meta.currency;
}

function renderNav(current) {
  const nav = document.getElementById('nav');
  const links = pages
    .filter((p) => meta.panels[p.name] || p === current)
    .map((p) =>
      h(
        'a',
        {
          href: `#/${p.name}`,
          class: p === current ? 'active' : undefined,
          'aria-current': p === current ? 'page' : undefined,
        },
        p.title,
      ),
    );
  nav.replaceChildren(...links);
}

/** One currency at a time: a menu when there are several, otherwise just its code. */
function renderCurrency(page, params, currency) {
  const box = document.getElementById('currency');
  if (meta.currencies.length <= 1) {
    box.replaceChildren(
      h('span', { class: 'badge', title: 'every amount is in this currency' }, currency ?? '–'),
    );
    return;
  }
  const options = meta.currencies.map((c) =>
    h('option', { value: c.code, selected: c.code === currency }, c.code),
  );
  const menu = h('select', { name: 'currency', 'aria-label': 'Currency' }, ...options);
  menu.addEventListener('change', () =>
    navigate(page.name, { ...Object.fromEntries(params), currency: menu.value }),
  );
  box.replaceChildren(h('span', { class: 'muted' }, 'Currency'), menu);
}

function renderNotice() {
  const notice = document.getElementById('notice');
  const behind = meta.aggregates.behind;
  notice.hidden = behind === 0 && meta.aggregates.built;
  notice.textContent = meta.aggregates.built
    ? `${behind} billing period(s) loaded since the dashboard's aggregates were built (a load held the warehouse); reload the page once it has finished.`
    : 'The dashboard aggregates are not built yet (a load holds the warehouse); reload the page once it has finished.';
}

async function render() {
  const ticket = ++rendering;
  const { page, params } = route();
  const currency = currencyOf(params);
  renderNav(page);
  renderCurrency(page, params, currency);
  const root = h('div', { class: `page page-${page.name}` });
  const main = document.getElementById('main');
  try {
    const context = {
      meta,
      params,
      currency,
      navigate: (changes) => navigate(page.name, { ...Object.fromEntries(params), ...changes }),
    };
    await page.module.render(root, context);
  } catch (error) {
    root.replaceChildren(message(error.message, 'error'), error.hint ? message(error.hint) : null);
  }
  // A later navigation started while this one waited for data: it owns the page now.
  if (ticket !== rendering) return;
  document.title = `${page.title} · finops`;
  main.replaceChildren(root);
  main.dataset.page = page.name;
  main.dataset.ready = String(ticket);
}

async function start() {
  try {
    meta = await get('meta');
  } catch (error) {
    document.getElementById('main').replaceChildren(message(error.message, 'error'));
    return;
  }
  renderNotice();
  window.addEventListener('hashchange', render);
  await render();
}

start();
