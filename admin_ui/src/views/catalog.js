// The catalogue page: search box, filters (level, field, archetype), results table, paging.
//
// The search and filters live in the hash ("#/?q=ho+tich&level=commune&page=2") so a
// result list can be bookmarked; typing updates it with replaceState (no re-render), and
// the server does the diacritic-insensitive matching ("ho tich" finds "Hộ tịch").

import { listFields, listProcedures } from '../api.js';
import { errorBox, h, replaceChildren } from '../dom.js';
import {
  ARCHETYPES, LEVELS, ONLINE_LEVELS, formatDuration, formatFee, label,
} from '../labels.js';

const PAGE_SIZE = 20;
const FILTERS = ['q', 'level', 'field', 'archetype'];
const SEARCH_DELAY_MS = 300;

function options(table, allLabel) {
  return [
    h('option', { value: '' }, allLabel),
    ...Object.entries(table).map(([value, text]) => h('option', { value }, text)),
  ];
}

function selectField(id, text, choices) {
  return h('div', { class: 'field' },
    h('label', { for: id }, text),
    h('select', { id, name: id }, choices));
}

function buildForm() {
  return h('form', { class: 'search-form', role: 'search', 'aria-label': 'Tìm thủ tục' },
    h('div', { class: 'field field--grow' },
      h('label', { for: 'q' }, 'Tìm theo mã hoặc tên thủ tục'),
      h('input', {
        id: 'q', name: 'q', type: 'search', autocomplete: 'off', spellcheck: 'false',
        placeholder: 'Ví dụ: khai sinh, ho tich, 1.001193',
        'aria-describedby': 'q-hint',
      }),
      h('small', { id: 'q-hint', class: 'hint' }, 'Gõ có dấu hoặc không dấu đều được.')),
    selectField('level', 'Cấp thực hiện', options(LEVELS, 'Tất cả các cấp')),
    selectField('field', 'Lĩnh vực', [h('option', { value: '' }, 'Tất cả lĩnh vực')]),
    selectField('archetype', 'Loại quy trình', options(ARCHETYPES, 'Tất cả loại')),
    h('div', { class: 'form-actions' },
      h('button', { type: 'submit', class: 'button button--primary' }, 'Tìm kiếm'),
      h('button', { type: 'reset', class: 'button' }, 'Xóa bộ lọc')));
}

function resultRow(item, fieldNames) {
  const href = `#/procedures/${encodeURIComponent(item.code)}`;
  return h('tr', {},
    h('td', { class: 'code' }, item.code),
    h('th', { scope: 'row', class: 'name' }, h('a', { href }, item.name)),
    h('td', { class: 'nowrap' }, label(LEVELS, item.level)),
    h('td', {}, item.field_name ?? fieldNames.get(item.field) ?? item.field),
    h('td', { class: 'num' }, formatDuration(item.statutory_time, item.time_unit)),
    h('td', { class: 'num' }, formatFee(item.fee)),
    h('td', {}, label(ONLINE_LEVELS, item.online_level)));
}

function resultTable(items, fieldNames) {
  return h('table', { class: 'results' },
    h('caption', { class: 'visually-hidden' }, 'Kết quả tìm kiếm thủ tục'),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'Mã'),
      h('th', { scope: 'col' }, 'Tên thủ tục'),
      h('th', { scope: 'col' }, 'Cấp'),
      h('th', { scope: 'col' }, 'Lĩnh vực'),
      h('th', { scope: 'col', class: 'num' }, 'Thời hạn'),
      h('th', { scope: 'col', class: 'num' }, 'Phí, lệ phí'),
      h('th', { scope: 'col' }, 'Trực tuyến'))),
    h('tbody', {}, items.map((item) => resultRow(item, fieldNames))));
}

/** Page numbers to show around `page`: first, last and a window of neighbours. */
export function pageWindow(page, totalPages, radius = 2) {
  const pages = new Set([1, totalPages]);
  for (let p = page - radius; p <= page + radius; p += 1) {
    if (p >= 1 && p <= totalPages) pages.add(p);
  }
  return [...pages].sort((a, b) => a - b);
}

function pager(pagination, goTo) {
  const page = pagination.page ?? 1;
  const total = pagination.total_pages ?? 1;
  if (total <= 1) return null;
  const button = (text, target, attrs = {}) => h('button', {
    type: 'button', class: 'button button--page', disabled: target === null, onclick: () => goTo(target), ...attrs,
  }, text);
  const numbers = [];
  let previous = 0;
  for (const p of pageWindow(page, total)) {
    if (p - previous > 1) numbers.push(h('li', { class: 'gap', 'aria-hidden': 'true' }, '…'));
    numbers.push(h('li', {}, button(String(p), p, {
      'aria-label': `Trang ${p}`, 'aria-current': p === page ? 'page' : null,
    })));
    previous = p;
  }
  return h('nav', { class: 'pager', 'aria-label': 'Phân trang' },
    h('ul', {},
      h('li', {}, button('‹ Trang trước', page > 1 ? page - 1 : null)),
      numbers,
      h('li', {}, button('Trang sau ›', page < total ? page + 1 : null))),
    h('p', { class: 'pager__info' }, `Trang ${page} / ${total}`));
}

function readState(form) {
  const data = new FormData(form);
  const state = {};
  for (const key of FILTERS) {
    const value = String(data.get(key) ?? '').trim();
    if (value) state[key] = value;
  }
  return state;
}

function writeHash(state) {
  const query = new URLSearchParams(state).toString();
  window.history.replaceState(null, '', query ? `#/?${query}` : '#/');
}

export async function renderCatalog(main, route) {
  document.title = 'Danh mục thủ tục hành chính · MotCua';
  const form = buildForm();
  const count = h('p', {
    class: 'result-count', 'aria-live': 'polite', id: 'result-count', tabindex: '-1',
  });
  const results = h('div', { class: 'results-wrap' });
  replaceChildren(main,
    h('h1', { tabindex: '-1' }, 'Danh mục thủ tục hành chính'),
    h('p', { class: 'lead' },
      'Tra cứu thủ tục hành chính cấp tỉnh và cấp xã của tỉnh Lâm Đồng, ',
      'xem quy trình giải quyết dưới dạng sơ đồ BPMN.'),
    form, count, results);

  let page = Number.parseInt(route.params.get('page') ?? '1', 10) || 1;
  let sequence = 0;
  let fieldNames = new Map();

  async function search() {
    const state = readState(form);
    writeHash(page > 1 ? { ...state, page } : state);
    const mine = ++sequence;
    results.setAttribute('aria-busy', 'true');
    try {
      const { items, pagination } = await listProcedures({ ...state, page, page_size: PAGE_SIZE });
      if (mine !== sequence) return;
      count.textContent = pagination.total
        ? `Tìm thấy ${pagination.total} thủ tục.`
        : 'Không tìm thấy thủ tục nào phù hợp.';
      replaceChildren(results,
        items.length ? resultTable(items, fieldNames) : null,
        pager(pagination, (target) => {
          // The clicked button is replaced: keep keyboard focus near the new results.
          page = target;
          search().then(() => count.focus());
        }));
    } catch (error) {
      if (mine !== sequence) return;
      count.textContent = '';
      replaceChildren(results, errorBox(error));
    } finally {
      if (mine === sequence) results.removeAttribute('aria-busy');
    }
  }

  let timer = null;
  const searchSoon = () => {
    clearTimeout(timer);
    timer = setTimeout(() => { page = 1; search(); }, SEARCH_DELAY_MS);
  };
  form.elements.q.addEventListener('input', searchSoon);
  form.addEventListener('change', (event) => {
    if (event.target.tagName === 'SELECT') { page = 1; search(); }
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(timer);
    page = 1;
    search();
  });
  form.addEventListener('reset', () => {
    // The reset event fires before the controls are cleared.
    setTimeout(() => { page = 1; search(); }, 0);
  });

  // The field dropdown is filled from the API before the first search, so a bookmarked
  // "field=" filter finds its option; a failure leaves "all fields" usable.
  try {
    const fields = await listFields();
    fieldNames = new Map(fields.map((f) => [f.code, f.name]));
    form.elements.field.append(...fields.map((f) => h('option', { value: f.code }, f.name)));
  } catch {
    // The list still works without field names.
  }
  for (const key of FILTERS) {
    const value = route.params.get(key);
    if (value) form.elements[key].value = value;
  }
  await search();
  return () => clearTimeout(timer);
}
