// A simulation run's indicators as tables and as chart series: the whole network's
// results with their 95 % intervals, and a comparison with a baseline run (difference,
// its interval and whether it is significant, better or worse).

import { h } from '../dom.js';
import { KEY_METRICS, METRICS, formatInterval, formatMetric, metricInfo } from '../labels.js';

export const confidenceLabel = (confidence) => `Khoảng tin cậy ${Math.round((confidence ?? 0.95) * 100)}%`;

function orderedMetrics(metrics) {
  const known = Object.keys(METRICS);
  const rank = (name) => {
    const key = KEY_METRICS.indexOf(name);
    if (key >= 0) return key;
    const position = known.indexOf(name);
    return position >= 0 ? KEY_METRICS.length + position : KEY_METRICS.length + known.length;
  };
  return Object.keys(metrics).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

export function resultsTable(results) {
  const total = results.rows.find((row) => row.group === 'total');
  if (!total) return h('p', { class: 'status' }, 'Lượt chạy không có chỉ tiêu toàn mạng lưới.');
  return h('table', { class: 'results', id: 'results-table' },
    h('caption', { class: 'visually-hidden' }, 'Chỉ tiêu của toàn mạng lưới'),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'Chỉ tiêu'),
      h('th', { scope: 'col', class: 'num' }, 'Trung bình'),
      h('th', { scope: 'col', class: 'num' }, confidenceLabel(results.confidence)))),
    h('tbody', {}, orderedMetrics(total.metrics).map((name) => {
      const metric = total.metrics[name];
      const [text, unit] = metricInfo(name);
      return h('tr', { dataset: { metric: name } },
        h('th', { scope: 'row', class: 'name' }, text),
        h('td', { class: 'num' }, formatMetric(metric.mean, unit)),
        h('td', { class: 'num' }, formatInterval(metric, unit)));
    })));
}

function verdict(row) {
  if (!row.significant) return h('span', { class: 'verdict verdict--same' }, 'Không khác biệt có ý nghĩa');
  if (row.better === true) return h('span', { class: 'verdict verdict--better' }, 'Tốt hơn');
  if (row.better === false) return h('span', { class: 'verdict verdict--worse' }, 'Kém hơn');
  return h('span', { class: 'verdict verdict--changed' }, 'Khác biệt có ý nghĩa');
}

function comparisonRows(comparison) {
  const rows = comparison.rows.filter((row) => row.group === 'total');
  const order = orderedMetrics(Object.fromEntries(rows.map((row) => [row.metric, row])));
  return order.map((name) => rows.find((row) => row.metric === name));
}

export function comparisonTable(comparison) {
  const rows = comparisonRows(comparison);
  return h('table', { class: 'results comparison', id: 'comparison-table' },
    h('caption', { class: 'visually-hidden' }, 'So sánh lượt chạy với đường cơ sở'),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'Chỉ tiêu'),
      h('th', { scope: 'col', class: 'num' }, 'Cơ sở'),
      h('th', { scope: 'col', class: 'num' }, 'Kịch bản'),
      h('th', { scope: 'col', class: 'num' }, 'Chênh lệch'),
      h('th', { scope: 'col', class: 'num' }, `${confidenceLabel(comparison.confidence)} của chênh lệch`),
      h('th', { scope: 'col' }, 'Đánh giá'))),
    h('tbody', {}, rows.map((row) => {
      const [text, unit] = metricInfo(row.metric, row.unit);
      const relative = row.relative === null || row.relative === undefined
        ? null : ` (${formatMetric(row.relative, 'share', { signed: true })})`;
      return h('tr', { dataset: { metric: row.metric } },
        h('th', { scope: 'row', class: 'name' }, text),
        h('td', { class: 'num' }, formatMetric(row.baseline?.mean, unit)),
        h('td', { class: 'num' }, formatMetric(row.scenario?.mean, unit)),
        h('td', { class: 'num' }, formatMetric(row.difference?.mean, unit, { signed: true }),
          relative ? h('span', { class: 'share' }, relative) : null),
        h('td', { class: 'num interval' }, formatInterval(row.difference, unit, { signed: true })),
        h('td', { class: 'verdict-cell' }, verdict(row)));
    })));
}

/** The chart's indicators from a run's results alone: the run as the only series. */
export function resultSeries(results) {
  const total = results.rows.find((row) => row.group === 'total')?.metrics ?? {};
  return KEY_METRICS.filter((name) => total[name]).map((name) => {
    const [text, unit] = metricInfo(name);
    return { metric: name, label: text, unit, series: [{ kind: 'scenario', name: 'Kịch bản', value: total[name] }] };
  });
}

/** The chart's indicators from a comparison: baseline then scenario. */
export function comparisonSeries(comparison) {
  const rows = comparison.rows.filter((row) => row.group === 'total');
  return KEY_METRICS.map((name) => rows.find((row) => row.metric === name)).filter(Boolean)
    .map((row) => {
      const [text, unit] = metricInfo(row.metric, row.unit);
      return {
        metric: row.metric, label: text, unit,
        series: [
          { kind: 'baseline', name: 'Cơ sở', value: row.baseline },
          { kind: 'scenario', name: 'Kịch bản', value: row.scenario },
        ],
      };
    });
}

export function chartCaption(run, baseline = null) {
  const base = baseline
    ? `Đường cơ sở «${baseline.name}» (xám) và kịch bản «${run.name}» (xanh)`
    : `Kịch bản «${run.name}»`;
  return `${base}: giá trị trung bình và khoảng tin cậy 95% của các chỉ tiêu chính; `
    + 'mỗi trục chỉ bao quanh các giá trị của chỉ tiêu đó, không bắt đầu từ 0.';
}
