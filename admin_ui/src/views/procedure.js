// One procedure: its catalogue metadata, its step time budgets as a bar chart, and the
// diagram of its latest published version with a link to download the BPMN file.

import { bpmnUrl, getBpmn, getProcedure } from '../api.js';
import { errorBox, h, replaceChildren } from '../dom.js';
import {
  ARCHETYPES, LEVELS, ONLINE_LEVELS, STEPS, TIME_UNITS, formatDuration, formatFee, formatNumber, label, yesNo,
} from '../labels.js';

function fact(term, ...description) {
  return h('div', { class: 'fact' }, h('dt', {}, term), h('dd', {}, description));
}

function facts(p) {
  const partners = p.partner_agencies ?? [];
  return h('dl', { class: 'facts' },
    fact('Mã thủ tục', h('span', { class: 'code' }, p.code)),
    fact('Cấp thực hiện', label(LEVELS, p.level)),
    fact('Lĩnh vực', p.field_name ?? p.field),
    fact('Cơ quan thực hiện', p.agency_name ?? p.agency),
    fact('Thời hạn giải quyết', formatDuration(p.statutory_time, p.time_unit)),
    fact('Phí, lệ phí', formatFee(p.fee)),
    fact('Dịch vụ công trực tuyến', label(ONLINE_LEVELS, p.online_level)),
    fact('Giải quyết không hẹn', yesNo(p.appointment_free)),
    fact('Liên thông', yesNo(p.inter_agency)),
    fact('Loại quy trình', label(ARCHETYPES, p.archetype)),
    partners.length ? fact('Cơ quan phối hợp', partners.join(', ')) : null);
}

/** Step budgets as horizontal bars, each as wide as its share of the statutory time. */
function stepChart(p) {
  const steps = p.steps ?? [];
  if (!steps.length) return h('p', {}, 'Thủ tục chưa khai báo thời gian từng bước.');
  const total = steps.reduce((sum, s) => sum + Number(s.budget), 0) || 1;
  const widest = Math.max(...steps.map((s) => Number(s.budget)));
  return h('div', { class: 'step-chart' },
    h('ol', { class: 'step-chart__rows' }, steps.map((s) => {
      const share = Math.round((Number(s.budget) / total) * 100);
      return h('li', { class: 'step-chart__row' },
        h('span', { class: 'step-chart__label' }, label(STEPS, s.step)),
        h('span', { class: 'step-chart__track', 'aria-hidden': 'true' },
          h('span', {
            class: 'step-chart__bar',
            style: { width: `${(Number(s.budget) / widest) * 100}%` },
          })),
        h('span', { class: 'step-chart__value' },
          formatNumber(s.budget), h('span', { class: 'share' }, ` (${share}%)`)));
    })),
    h('p', { class: 'step-chart__total' },
      `Đơn vị: ${label(TIME_UNITS, p.time_unit)}. Tổng các bước: ${formatNumber(total)}; `,
      `thời hạn theo quy định: ${formatDuration(p.statutory_time, p.time_unit)}.`));
}

function diagramSection(p) {
  const container = h('div', {
    class: 'diagram', id: 'diagram', role: 'region',
    'aria-label': `Sơ đồ quy trình BPMN của thủ tục ${p.code}`,
  }, h('p', { class: 'status' }, 'Đang tải sơ đồ…'));
  const section = h('section', { class: 'card', 'aria-labelledby': 'diagram-heading' },
    h('div', { class: 'card__head' },
      h('h2', { id: 'diagram-heading' }, 'Sơ đồ quy trình'),
      p.latest_version ? h('span', { class: 'badge' }, `Phiên bản ${p.latest_version}`) : null,
      h('div', { class: 'card__tools' })));
  if (!p.latest_version) {
    section.append(h('p', {}, 'Thủ tục này chưa có phiên bản quy trình nào được công bố.'));
    return { section, container: null };
  }
  section.append(container);
  return { section, container };
}

function toolbar(p, controls) {
  const button = (text, title, onclick) =>
    h('button', { type: 'button', class: 'button', title, onclick }, text);
  return h('div', { class: 'toolbar', role: 'group', 'aria-label': 'Điều khiển sơ đồ' },
    button('Vừa khung', 'Thu phóng để thấy toàn bộ sơ đồ', controls.fit),
    button('Phóng to', 'Phóng to sơ đồ', controls.zoomIn),
    button('Thu nhỏ', 'Thu nhỏ sơ đồ', controls.zoomOut),
    h('a', {
      class: 'button button--primary', href: bpmnUrl(p.code, p.latest_version).href,
      download: `${p.code}-v${p.latest_version}.bpmn`,
    }, 'Tải tệp BPMN'));
}

async function loadDiagram(p, container) {
  try {
    const [{ showDiagram }, xml] = await Promise.all([
      import('../diagram.js'), getBpmn(p.code, p.latest_version),
    ]);
    container.replaceChildren();
    const controls = await showDiagram(container, xml);
    container.closest('section').querySelector('.card__tools').append(toolbar(p, controls));
    container.after(h('p', { class: 'hint' },
      'Kéo chuột hoặc dùng phím mũi tên (khi sơ đồ đang được chọn) để di chuyển; ',
      'Ctrl + cuộn chuột để phóng to, thu nhỏ.'));
    container.dataset.loaded = 'true';
    return controls;
  } catch (error) {
    replaceChildren(container, errorBox(error));
    return null;
  }
}

export async function renderProcedure(main, route) {
  document.title = 'Thủ tục hành chính · MotCua';
  replaceChildren(main, h('p', { class: 'status' }, 'Đang tải thủ tục…'));
  let p;
  try {
    p = await getProcedure(route.code);
  } catch (error) {
    replaceChildren(main,
      h('p', {}, h('a', { href: '#/', class: 'back' }, '← Danh mục thủ tục')),
      h('h1', { tabindex: '-1' }, 'Không mở được thủ tục'), errorBox(error));
    return null;
  }
  document.title = `${p.name} · MotCua`;
  const diagram = diagramSection(p);
  replaceChildren(main,
    h('header', { class: 'page-head' },
      h('nav', { class: 'breadcrumb', 'aria-label': 'Vị trí' },
        h('a', { href: '#/' }, 'Danh mục thủ tục'), h('span', { 'aria-hidden': 'true' }, ' › '),
        `${label(LEVELS, p.level)} · ${p.field_name ?? p.field}`),
      h('h1', { tabindex: '-1' }, p.name)),
    h('div', { class: 'detail-grid' },
      h('section', { class: 'card', 'aria-labelledby': 'facts-heading' },
        h('h2', { id: 'facts-heading' }, 'Thông tin thủ tục'), facts(p)),
      h('section', { class: 'card', 'aria-labelledby': 'steps-heading' },
        h('h2', { id: 'steps-heading' }, 'Thời gian từng bước'), stepChart(p))),
    diagram.section);

  const controls = diagram.container ? await loadDiagram(p, diagram.container) : null;
  return () => controls?.destroy();
}
