// A hand-drawn SVG interval chart: for each indicator, every series' mean as a point and
// its confidence interval as a whisker, baseline grey and scenario blue. Each indicator has
// its own axis fitted around its values (not from zero), since the units differ.

import { h, svg } from './dom.js';
import { formatInterval, formatMetric } from './labels.js';

const WIDTH = 760;
const LABEL_X = 16;
const PLOT_LEFT = 150;
const PLOT_RIGHT = WIDTH - 40;
const HEAD = 24;
const ROW = 34;
const AXIS = 30;
const GAP = 16;

const present = (value) => value !== null && value !== undefined && !Number.isNaN(value);

/** The axis of one indicator: its intervals' extent plus a margin, inside [0, 1] for shares. */
export function fitDomain(values, unit) {
  const lows = values.map((v) => (present(v.ci_low) ? v.ci_low : v.mean));
  const highs = values.map((v) => (present(v.ci_high) ? v.ci_high : v.mean));
  let low = Math.min(...lows);
  let high = Math.max(...highs);
  const span = high - low;
  const pad = span > 0 ? span * 0.12 : Math.abs(high) * 0.05 || 1;
  const nonNegative = low >= 0;
  low -= pad;
  high += pad;
  if (nonNegative) low = Math.max(0, low);
  if (unit === 'share' && Math.max(...highs) <= 1) high = Math.min(1, high);
  return [low, high];
}

function indicatorPanel(indicator, top) {
  const values = indicator.series.map((s) => s.value);
  const [low, high] = fitDomain(values, indicator.unit);
  const x = (v) => PLOT_LEFT + ((v - low) / (high - low || 1)) * (PLOT_RIGHT - PLOT_LEFT);
  const axisY = top + HEAD + indicator.series.length * ROW + 6;
  const ticks = [low, (low + high) / 2, high];
  return svg('g', { class: 'chart__indicator', 'data-metric': indicator.metric },
    svg('text', { x: LABEL_X, y: top + 16, class: 'chart__label' }, indicator.label),
    indicator.series.map((series, index) => {
      const value = series.value;
      const y = top + HEAD + index * ROW + ROW / 2 + 4;
      const lo = present(value.ci_low) ? value.ci_low : value.mean;
      const hi = present(value.ci_high) ? value.ci_high : value.mean;
      const mean = formatMetric(value.mean, indicator.unit);
      return svg('g', { class: `chart__series chart__series--${series.kind}` },
        svg('title', {}, `${indicator.label} · ${series.name}: ${mean}; khoảng tin cậy 95%: `
          + formatInterval(value, indicator.unit)),
        svg('text', { x: LABEL_X + 12, y: y + 4, class: 'chart__series-name' }, series.name),
        svg('line', { x1: PLOT_LEFT, x2: PLOT_RIGHT, y1: y, y2: y, class: 'chart__grid' }),
        svg('line', { x1: x(lo), x2: x(hi), y1: y, y2: y, class: 'chart__whisker' }),
        svg('line', { x1: x(lo), x2: x(lo), y1: y - 6, y2: y + 6, class: 'chart__whisker' }),
        svg('line', { x1: x(hi), x2: x(hi), y1: y - 6, y2: y + 6, class: 'chart__whisker' }),
        svg('circle', { cx: x(value.mean), cy: y, r: 5.5, class: 'chart__point' }),
        svg('text', { x: x(value.mean), y: y - 10, 'text-anchor': 'middle', class: 'chart__value' }, mean));
    }),
    svg('line', { x1: PLOT_LEFT, x2: PLOT_RIGHT, y1: axisY, y2: axisY, class: 'chart__axis' }),
    ticks.map((tick, index) => svg('g', { class: 'chart__tick' },
      svg('line', { x1: x(tick), x2: x(tick), y1: axisY, y2: axisY + 4, class: 'chart__axis' }),
      svg('text', {
        x: x(tick), y: axisY + 17,
        'text-anchor': ['start', 'middle', 'end'][index],
      }, formatMetric(tick, indicator.unit)))));
}

/**
 * indicators: [{ metric, label, unit, series: [{ kind: 'baseline'|'scenario', name, value }] }]
 * where value is { mean, ci_low, ci_high }. Series without a mean are left out.
 */
export function intervalChart(indicators, caption) {
  const drawn = indicators
    .map((indicator) => ({ ...indicator, series: indicator.series.filter((s) => present(s.value?.mean)) }))
    .filter((indicator) => indicator.series.length);
  if (!drawn.length) return h('p', { class: 'status' }, 'Lượt chạy không có chỉ tiêu chính để vẽ.');
  let top = 4;
  const panels = drawn.map((indicator) => {
    const panel = indicatorPanel(indicator, top);
    top += HEAD + indicator.series.length * ROW + AXIS + GAP;
    return panel;
  });
  const summary = drawn.map((indicator) => `${indicator.label}: ${indicator.series.map((s) =>
    `${s.name} ${formatMetric(s.value.mean, indicator.unit)} (${formatInterval(s.value, indicator.unit)})`)
    .join(', ')}`).join('. ');
  const chart = svg('svg', {
    viewBox: `0 0 ${WIDTH} ${top}`, width: WIDTH, height: top, class: 'chart',
    role: 'img', 'aria-labelledby': 'chart-title chart-desc',
  },
  svg('title', { id: 'chart-title' }, 'Trung bình và khoảng tin cậy 95% của các chỉ tiêu chính'),
  svg('desc', { id: 'chart-desc' }, summary),
  panels);
  return h('figure', { class: 'chart-figure', id: 'chart' },
    chart,
    h('figcaption', {}, caption),
    h('ul', { class: 'chart-legend', 'aria-hidden': 'true' },
      drawn.some((i) => i.series.some((s) => s.kind === 'baseline'))
        ? h('li', { class: 'chart-legend__baseline' }, 'Đường cơ sở') : null,
      h('li', { class: 'chart-legend__scenario' }, 'Kịch bản')));
}
