// The analysts' simulation page: log in, run a shipped scenario, follow the runs, read a
// run's indicators with their 95 % intervals and compare it with a baseline run.
//
//   #/simulations          the login (when needed), the form to start a run, the list of runs
//   #/simulations/<id>     one run: progress, results of the whole network, comparison, chart
//
// Runs that are queued or running are polled every second until they finish or fail; the
// page's cleanup stops the polling when the reader leaves.

import {
  compareSimulations, createSimulation, currentSession, getSimulation,
  getSimulationResults, listScenarios, listSimulations, login, logout,
} from '../api.js';
import { errorBox, h, replaceChildren } from '../dom.js';
import { intervalChart } from '../chart.js';
import {
  chartCaption, comparisonSeries, comparisonTable, resultSeries, resultsTable,
} from './simulation_results.js';
import { RUN_STATUSES, formatDateTime, label } from '../labels.js';

const POLL_MS = 1000;
const ACTIVE = new Set(['queued', 'running']);
const PAGE_TITLE = 'Mô phỏng kịch bản cải cách';
const DEFAULT_REPLICATIONS = 3;
const MAX_REPLICATIONS = 50;

const runHref = (id) => `#/simulations/${encodeURIComponent(id)}`;
const isActive = (run) => ACTIVE.has(run.status);
const scenarioName = (run) => run.scenario?.name ?? run.scenario?.kind ?? '—';

/** Polling that stops for good once the page is left. */
function poller() {
  const timers = new Set();
  let stopped = false;
  return {
    get stopped() { return stopped; },
    later(fn, delay = POLL_MS) {
      if (stopped) return;
      const timer = setTimeout(() => { timers.delete(timer); if (!stopped) fn(); }, delay);
      timers.add(timer);
    },
    stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

// Login and session -------------------------------------------------------------------------

function loginForm(onLoggedIn) {
  const message = h('div', { class: 'form-message', 'aria-live': 'polite' });
  const form = h('form', { class: 'login-form', 'aria-labelledby': 'login-heading' },
    h('h2', { id: 'login-heading' }, 'Đăng nhập'),
    h('p', { class: 'hint' }, 'Trang mô phỏng dành cho chuyên viên phân tích và quản trị viên.'),
    h('div', { class: 'field' },
      h('label', { for: 'login-username' }, 'Tên đăng nhập'),
      h('input', {
        id: 'login-username', name: 'username', autocomplete: 'username', required: true,
        spellcheck: 'false', autocapitalize: 'none',
      })),
    h('div', { class: 'field' },
      h('label', { for: 'login-password' }, 'Mật khẩu'),
      h('input', {
        id: 'login-password', name: 'password', type: 'password',
        autocomplete: 'current-password', required: true,
      })),
    h('div', { class: 'form-actions' },
      h('button', { type: 'submit', class: 'button button--primary' }, 'Đăng nhập')),
    message);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    replaceChildren(message);
    try {
      const session = await login(form.elements.username.value.trim(), form.elements.password.value);
      await onLoggedIn(session);
    } catch (error) {
      replaceChildren(message, errorBox(error));
      form.elements.password.select();
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

function sessionBar(session, onLoggedOut) {
  const user = session.user ?? {};
  return h('div', { class: 'session-bar' },
    h('span', {}, 'Đã đăng nhập: ', h('strong', {}, user.display_name || user.username)),
    h('button', {
      type: 'button', class: 'button',
      onclick: async () => {
        try {
          await logout();
        } catch {
          // Logging out of an expired session is already done.
        }
        onLoggedOut();
      },
    }, 'Đăng xuất'));
}

// The list page ----------------------------------------------------------------------------

function field(id, text, control, hint) {
  return h('div', { class: 'field' },
    h('label', { for: id }, text), control,
    hint ? h('small', { id: `${id}-hint`, class: 'hint' }, hint) : null);
}

/** "scenario.horizon_minutes: message" lines from a problem's (possibly nested) errors. */
export function problemMessages(errors, prefix = '') {
  if (!errors) return [];
  if (Array.isArray(errors)) return errors.map((message) => [prefix, String(message)]);
  if (typeof errors !== 'object') return [[prefix, String(errors)]];
  return Object.entries(errors).flatMap(([key, value]) =>
    problemMessages(value, prefix ? `${prefix}.${key}` : key));
}

function problemBox(error) {
  const messages = problemMessages(error?.problem?.errors);
  if (!messages.length) return errorBox(error);
  return h('div', { class: 'alert', role: 'alert', id: 'run-errors' },
    h('strong', {}, 'Không chạy được kịch bản'),
    error.problem.detail ? h('p', {}, error.problem.detail) : null,
    h('ul', { class: 'error-list' }, messages.map(([key, message]) =>
      h('li', {}, key ? h('code', {}, key) : null, key ? ': ' : null, message))));
}

function baselineOptions(select, runs, exclude = null) {
  const chosen = select.value;
  replaceChildren(select,
    h('option', { value: '' }, 'Không so sánh'),
    runs.filter((run) => run.status === 'finished' && run.id !== exclude).map((run) =>
      h('option', { value: run.id }, `${run.name} (${formatDateTime(run.created_at)})`)));
  if ([...select.options].some((option) => option.value === chosen)) select.value = chosen;
}

function runForm(scenarios, onCreated) {
  const byName = new Map(scenarios.map((s) => [s.name, s]));
  const description = h('small', { id: 'run-scenario-hint', class: 'hint' });
  const message = h('div', { class: 'form-message', 'aria-live': 'polite' });
  const nameInput = h('input', {
    id: 'run-name', name: 'name', required: true, maxlength: '200', autocomplete: 'off',
  });
  const form = h('form', { class: 'run-form', 'aria-labelledby': 'run-heading' },
    h('div', { class: 'field' },
      h('label', { for: 'run-scenario' }, 'Kịch bản'),
      h('select', { id: 'run-scenario', name: 'scenario', 'aria-describedby': 'run-scenario-hint' },
        scenarios.map((s) => h('option', { value: s.name }, s.name))),
      description),
    field('run-name', 'Tên lượt chạy', nameInput),
    field('run-replications', 'Số lần lặp', h('input', {
      id: 'run-replications', name: 'replications', type: 'number', inputmode: 'numeric',
      min: '1', max: String(MAX_REPLICATIONS), step: '1', value: String(DEFAULT_REPLICATIONS),
      required: true, 'aria-describedby': 'run-replications-hint',
    }), `Từ 1 đến ${MAX_REPLICATIONS}; càng nhiều lần lặp, khoảng tin cậy càng hẹp.`),
    field('run-seed', 'Hạt giống ngẫu nhiên', h('input', {
      id: 'run-seed', name: 'seed', type: 'number', inputmode: 'numeric', min: '0', step: '1',
      'aria-describedby': 'run-seed-hint',
    }), 'Để trống: hệ thống chọn và ghi lại để chạy lại đúng như vậy.'),
    field('run-baseline', 'So sánh với lượt chạy', h('select', { id: 'run-baseline', name: 'baseline' })),
    h('div', { class: 'form-actions' },
      h('button', { type: 'submit', class: 'button button--primary' }, 'Chạy mô phỏng')),
    message);

  // The run's name follows the scenario until the analyst types one.
  let nameEdited = false;
  nameInput.addEventListener('input', () => { nameEdited = true; });
  const scenarioChanged = () => {
    const chosen = byName.get(form.elements.scenario.value);
    description.textContent = chosen?.document?.description ?? '';
    if (!nameEdited) nameInput.value = `${chosen?.name ?? ''} · ${formatDateTime(new Date().toISOString())}`;
  };
  form.elements.scenario.addEventListener('change', scenarioChanged);
  scenarioChanged();

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = byName.get(form.elements.scenario.value);
    const data = new FormData(form);
    const body = {
      name: String(data.get('name') ?? '').trim(),
      replications: Number.parseInt(String(data.get('replications')), 10),
      scenario: chosen?.document ?? {},
    };
    const seed = String(data.get('seed') ?? '').trim();
    if (seed) body.seed = Number(seed);
    const baseline = String(data.get('baseline') ?? '');
    if (baseline) body.baseline_id = baseline;
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    replaceChildren(message, h('p', { class: 'status' }, 'Đang gửi yêu cầu…'));
    try {
      const run = await createSimulation(body);
      replaceChildren(message, h('p', { class: 'notice', role: 'status' },
        `Đã tạo lượt chạy «${run.name}»: ${label(RUN_STATUSES, run.status)}. `,
        h('a', { href: runHref(run.id) }, 'Xem lượt chạy')));
      nameEdited = false;
      scenarioChanged();
      await onCreated(run);
    } catch (error) {
      replaceChildren(message, problemBox(error));
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

function progressCell(run) {
  const { done = 0, total = run.replications } = run.progress ?? {};
  if (isActive(run)) {
    return h('td', { class: 'progress-cell' },
      h('progress', { max: String(total || 1), value: String(done), 'aria-label': `Tiến độ của ${run.name}` }),
      h('span', { class: 'progress-text' }, ` ${done}/${total}`));
  }
  if (run.status === 'failed') {
    return h('td', { class: 'progress-cell' }, h('span', { class: 'run-error' }, run.error ?? ''));
  }
  return h('td', { class: 'progress-cell' }, `${done}/${total} lần lặp`);
}

function statusBadge(run) {
  return h('span', { class: `run-status run-status--${run.status}` }, label(RUN_STATUSES, run.status));
}

function runRow(run) {
  return h('tr', { dataset: { id: run.id, status: run.status } },
    h('th', { scope: 'row', class: 'name' }, h('a', { href: runHref(run.id) }, run.name)),
    h('td', { class: 'code' }, scenarioName(run)),
    h('td', {}, statusBadge(run)),
    progressCell(run),
    h('td', { class: 'nowrap' }, formatDateTime(run.created_at)));
}

function runTable(runs) {
  if (!runs.length) return h('p', { class: 'status' }, 'Chưa có lượt chạy nào.');
  return h('table', { class: 'results runs', id: 'runs' },
    h('caption', { class: 'visually-hidden' }, 'Các lượt chạy mô phỏng, mới nhất trước'),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'Tên lượt chạy'),
      h('th', { scope: 'col' }, 'Kịch bản'),
      h('th', { scope: 'col' }, 'Trạng thái'),
      h('th', { scope: 'col' }, 'Tiến độ'),
      h('th', { scope: 'col' }, 'Tạo lúc'))),
    h('tbody', {}, runs.map(runRow)));
}

async function showList(content, polling) {
  const formSlot = h('div', {}, h('p', { class: 'status' }, 'Đang tải kịch bản…'));
  const listSlot = h('div', { class: 'results-wrap', 'aria-live': 'polite' },
    h('p', { class: 'status' }, 'Đang tải các lượt chạy…'));
  replaceChildren(content,
    h('section', { class: 'card', 'aria-labelledby': 'run-heading' },
      h('h2', { id: 'run-heading' }, 'Chạy một kịch bản'), formSlot),
    h('section', { class: 'card', 'aria-labelledby': 'runs-heading' },
      h('div', { class: 'card__head' },
        h('h2', { id: 'runs-heading' }, 'Các lượt chạy'),
        h('button', { type: 'button', class: 'button card__tools', onclick: () => refresh() }, 'Làm mới')),
      listSlot));

  let runs = [];
  let form = null;
  let pollPending = false;

  function draw() {
    replaceChildren(listSlot, runTable(runs));
    if (form) baselineOptions(form.elements.baseline, runs);
  }

  async function poll() {
    pollPending = false;
    const active = runs.filter(isActive);
    if (!active.length || polling.stopped) return;
    const fresh = await Promise.all(active.map((run) => getSimulation(run.id).catch(() => run)));
    if (polling.stopped) return;
    const byId = new Map(fresh.map((run) => [run.id, run]));
    runs = runs.map((run) => byId.get(run.id) ?? run);
    draw();
    schedule();
  }

  function schedule() {
    if (pollPending || !runs.some(isActive)) return;
    pollPending = true;
    polling.later(poll);
  }

  async function refresh() {
    try {
      runs = await listSimulations();
      if (polling.stopped) return;
      draw();
      schedule();
    } catch (error) {
      replaceChildren(listSlot, errorBox(error));
    }
  }

  try {
    const scenarios = await listScenarios();
    form = runForm(scenarios, refresh);
    replaceChildren(formSlot, form);
  } catch (error) {
    replaceChildren(formSlot, errorBox(error));
  }
  await refresh();
}

// The run page ------------------------------------------------------------------------------

/** The total group's indicators, the key ones first, then in the simulator's order. */
function fact(term, ...description) {
  return h('div', { class: 'fact' }, h('dt', {}, term), h('dd', {}, description));
}

function runFacts(run, runsById) {
  const baseline = run.baseline_id ? runsById.get(run.baseline_id) : null;
  return h('dl', { class: 'facts' },
    fact('Trạng thái', statusBadge(run)),
    fact('Kịch bản', h('span', { class: 'code' }, scenarioName(run))),
    fact('Số lần lặp', `${run.progress?.done ?? 0}/${run.replications}`),
    fact('Hạt giống', h('span', { class: 'code' }, String(run.seed ?? '—'))),
    fact('Tạo lúc', formatDateTime(run.created_at)),
    fact('Hoàn thành lúc', formatDateTime(run.finished_at)),
    run.baseline_id ? fact('Đường cơ sở',
      h('a', { href: runHref(run.baseline_id) }, baseline?.name ?? run.baseline_id)) : null);
}

async function showRun(content, id, polling) {
  let run;
  let runs = [];
  try {
    [run, runs] = await Promise.all([getSimulation(id), listSimulations()]);
  } catch (error) {
    replaceChildren(content, errorBox(error));
    return;
  }
  const runsById = new Map(runs.map((r) => [r.id, r]));
  document.title = `${run.name} · Mô phỏng · MotCua`;
  const heading = document.querySelector('#main h1');
  if (heading) heading.textContent = run.name;

  const factsSlot = h('div', {}, runFacts(run, runsById));
  const progressSlot = h('div', { 'aria-live': 'polite' });
  const resultsSlot = h('div', { class: 'results-wrap' });
  const baselineSelect = h('select', { id: 'compare-baseline', name: 'baseline' });
  const comparisonSlot = h('div', { class: 'results-wrap', 'aria-live': 'polite' });
  const chartSlot = h('div', {});
  replaceChildren(content,
    h('section', { class: 'card' }, factsSlot, progressSlot),
    h('section', { class: 'card', 'aria-labelledby': 'results-heading' },
      h('h2', { id: 'results-heading' }, 'Kết quả toàn mạng lưới'), resultsSlot),
    h('section', { class: 'card', 'aria-labelledby': 'compare-heading' },
      h('div', { class: 'card__head' },
        h('h2', { id: 'compare-heading' }, 'So sánh với đường cơ sở'),
        h('div', { class: 'field field--inline card__tools' },
          h('label', { for: 'compare-baseline' }, 'Đường cơ sở'), baselineSelect)),
      comparisonSlot),
    h('section', { class: 'card', 'aria-labelledby': 'chart-heading' },
      h('h2', { id: 'chart-heading' }, 'Biểu đồ các chỉ tiêu chính'), chartSlot));

  baselineOptions(baselineSelect, runs, run.id);
  if (run.baseline_id && !runsById.has(run.baseline_id)) {
    baselineSelect.append(h('option', { value: run.baseline_id }, run.baseline_id));
  }
  baselineSelect.value = run.baseline_id ?? '';

  let results = null;
  let sequence = 0;

  async function showComparison() {
    const baselineId = baselineSelect.value;
    const mine = ++sequence;
    if (!baselineId) {
      replaceChildren(comparisonSlot, h('p', { class: 'status' },
        'Chọn một lượt chạy đã hoàn thành làm đường cơ sở để so sánh.'));
      replaceChildren(chartSlot, intervalChart(resultSeries(results), chartCaption(run)));
      return;
    }
    comparisonSlot.setAttribute('aria-busy', 'true');
    try {
      const comparison = await compareSimulations(run.id, baselineId);
      if (mine !== sequence) return;
      const baseline = runsById.get(baselineId);
      replaceChildren(comparisonSlot, comparisonTable(comparison));
      replaceChildren(chartSlot, intervalChart(comparisonSeries(comparison),
        chartCaption(run, baseline ?? { name: baselineId })));
    } catch (error) {
      if (mine !== sequence) return;
      replaceChildren(comparisonSlot, errorBox(error));
      replaceChildren(chartSlot, intervalChart(resultSeries(results), chartCaption(run)));
    } finally {
      if (mine === sequence) comparisonSlot.removeAttribute('aria-busy');
    }
  }
  baselineSelect.addEventListener('change', showComparison);

  async function showResults() {
    try {
      results = await getSimulationResults(run.id);
    } catch (error) {
      replaceChildren(resultsSlot, errorBox(error));
      return;
    }
    replaceChildren(resultsSlot, resultsTable(results));
    await showComparison();
  }

  async function follow() {
    replaceChildren(factsSlot, runFacts(run, runsById));
    if (isActive(run)) {
      const { done = 0, total = run.replications } = run.progress ?? {};
      replaceChildren(progressSlot, h('p', { class: 'run-progress' },
        h('progress', { max: String(total || 1), value: String(done), 'aria-label': 'Tiến độ lượt chạy' }),
        ` Đã chạy ${done}/${total} lần lặp…`));
      replaceChildren(resultsSlot, h('p', { class: 'status' }, 'Kết quả sẽ hiện khi lượt chạy hoàn thành.'));
      polling.later(async () => {
        try {
          run = await getSimulation(run.id);
        } catch {
          // A missed poll is retried on the next tick.
        }
        if (!polling.stopped) follow();
      });
      return;
    }
    replaceChildren(progressSlot);
    if (run.status === 'failed') {
      replaceChildren(resultsSlot, h('div', { class: 'alert', role: 'alert' },
        h('strong', {}, 'Lượt chạy thất bại'), run.error ? h('p', {}, run.error) : null));
      replaceChildren(comparisonSlot);
      return;
    }
    await showResults();
  }
  await follow();
}

// The page ----------------------------------------------------------------------------------

export async function renderSimulations(main, route) {
  document.title = `${PAGE_TITLE} · MotCua`;
  const polling = poller();
  const sessionSlot = h('div', {});
  const content = h('div', { class: 'simulation-page' });
  const top = route.id
    ? [h('p', { class: 'breadcrumb' }, h('a', { href: '#/simulations' }, '← Mô phỏng')),
      h('h1', { tabindex: '-1' }, 'Lượt chạy mô phỏng')]
    : [h('h1', { tabindex: '-1' }, PAGE_TITLE),
      h('p', { class: 'lead' },
        'Chạy các kịch bản cải cách trên mô hình mạng lưới bộ phận một cửa, theo dõi tiến độ, ',
        'xem chỉ tiêu với khoảng tin cậy 95% và so sánh với một lượt chạy làm đường cơ sở.')];
  replaceChildren(main, h('div', { class: 'page-head' }, top, sessionSlot), content);

  async function showLogin() {
    replaceChildren(sessionSlot);
    replaceChildren(content, loginForm(async (session) => {
      await show(session);
      main.querySelector('h1')?.focus();
    }));
  }

  async function show(session) {
    replaceChildren(sessionSlot, sessionBar(session, showLogin));
    if (route.id) await showRun(content, route.id, polling);
    else await showList(content, polling);
  }

  let session = null;
  try {
    session = await currentSession();
  } catch (error) {
    replaceChildren(content, errorBox(error));
    return () => polling.stop();
  }
  if (session) await show(session);
  else await showLogin();
  return () => polling.stop();
}
