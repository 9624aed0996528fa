// Entry point: a hash router over the pages of the admin UI.
//
//   #/                       catalogue (query string after "?" holds search and filters)
//   #/procedures/<code>      one procedure: metadata, step budgets, diagram
//   #/simulations            scenario simulations: log in, run, follow the runs
//   #/simulations/<id>       one run: results, comparison with a baseline, chart
//
// Each page is `render(main, route) → cleanup?`; the cleanup runs before the next page.

import './style.css';
import { h, replaceChildren } from './dom.js';
import { renderCatalog } from './views/catalog.js';
import { renderProcedure } from './views/procedure.js';
import { renderSimulations } from './views/simulations.js';

const main = document.getElementById('main');
let cleanup = null;
let firstRender = true;

export function parseRoute(hash) {
  const raw = hash.replace(/^#/, '') || '/';
  const [path, query = ''] = raw.split('?', 2);
  const params = new URLSearchParams(query);
  const procedure = path.match(/^\/procedures\/([^/]+)\/?$/);
  if (procedure) return { page: 'procedure', code: decodeURIComponent(procedure[1]), params };
  const simulation = path.match(/^\/simulations(?:\/([^/]+))?\/?$/);
  if (simulation) {
    return {
      page: 'simulations', id: simulation[1] ? decodeURIComponent(simulation[1]) : null, params,
    };
  }
  if (path === '/' || path === '') return { page: 'catalog', params };
  return { page: 'not-found', params };
}

function renderNotFound(target) {
  document.title = 'Không tìm thấy trang · MotCua';
  replaceChildren(target,
    h('h1', { tabindex: '-1' }, 'Không tìm thấy trang'),
    h('p', {}, 'Địa chỉ này không có trong MotCua. ', h('a', { href: '#/' }, 'Về danh mục thủ tục'), '.'));
}

/** Mark the header link of the current section (catalogue or simulations). */
function markNavigation(page) {
  const section = page === 'simulations' ? 'simulations' : 'catalog';
  for (const link of document.querySelectorAll('.site-nav a[data-section]')) {
    if (link.dataset.section === section) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

async function route() {
  if (typeof cleanup === 'function') cleanup();
  cleanup = null;
  const current = parseRoute(window.location.hash);
  markNavigation(current.page);
  main.setAttribute('aria-busy', 'true');
  try {
    if (current.page === 'catalog') cleanup = await renderCatalog(main, current);
    else if (current.page === 'procedure') cleanup = await renderProcedure(main, current);
    else if (current.page === 'simulations') cleanup = await renderSimulations(main, current);
    else renderNotFound(main);
  } finally {
    main.removeAttribute('aria-busy');
  }
  // Move keyboard and screen-reader focus to the new page's heading, except on first load.
  if (!firstRender) main.querySelector('h1')?.focus({ preventScroll: false });
  firstRender = false;
}

window.addEventListener('hashchange', route);
route();
