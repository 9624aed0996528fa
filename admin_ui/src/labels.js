// Vietnamese labels for the catalogue's enumerations (bpmn/catalog/model.py) and the
// number formats the pages use. Unknown codes fall back to the code itself.

export const LEVELS = {
  province: 'Cấp tỉnh',
  commune: 'Cấp xã',
};

export const TIME_UNITS = {
  working_days: 'ngày làm việc',
  days: 'ngày',
  hours: 'giờ',
  months: 'tháng',
};

export const ONLINE_LEVELS = {
  full: 'Toàn trình',
  partial: 'Một phần',
};

export const ARCHETYPES = {
  same_day: 'Giải quyết trong ngày',
  standard: 'Quy trình chuẩn',
  supplement: 'Có bổ sung hồ sơ',
  inspection: 'Có kiểm tra thực địa',
  inter_agency: 'Liên thông nhiều cơ quan',
  fee_eresult: 'Thu phí, trả kết quả điện tử',
};

export const STEPS = {
  receive: 'Tiếp nhận hồ sơ',
  resolve: 'Giải quyết',
  sign: 'Ký duyệt',
  appraise: 'Thẩm định',
  inspect: 'Kiểm tra thực địa',
  consult: 'Lấy ý kiến phối hợp',
  approve: 'Phê duyệt',
  return: 'Trả kết quả',
};

export const label = (table, code) => table[code] ?? code ?? '—';

const numberFormat = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });
const moneyFormat = new Intl.NumberFormat('vi-VN', { style: 'currency', currency: 'VND' });

export const formatNumber = (value) => numberFormat.format(value);

export const formatDuration = (value, unit) => `${formatNumber(value)} ${label(TIME_UNITS, unit)}`;

export const formatFee = (fee) => (fee ? moneyFormat.format(fee) : 'Không thu phí');

export const yesNo = (value) => (value ? 'Có' : 'Không');

// Simulation indicators (simulations/results.py METRIC_INFO): Vietnamese label and unit.
// Per-station indicators of textbook queueing models are named by prefix; see metricInfo.
export const METRICS = {
  received: ['Hồ sơ tiếp nhận', 'dossiers'],
  completed: ['Hồ sơ đã giải quyết', 'dossiers'],
  on_time_rate: ['Tỷ lệ giải quyết đúng hạn', 'share'],
  late: ['Hồ sơ trễ hạn', 'dossiers'],
  counter_wait_mean: ['Thời gian chờ tại quầy, trung bình', 'min'],
  counter_wait_p50: ['Thời gian chờ tại quầy, trung vị', 'min'],
  counter_wait_p90: ['Thời gian chờ tại quầy, phân vị 90', 'min'],
  counter_wait_p99: ['Thời gian chờ tại quầy, phân vị 99', 'min'],
  cycle_days_mean: ['Thời gian giải quyết, trung bình', 'working days'],
  cycle_days_p90: ['Thời gian giải quyết, phân vị 90', 'working days'],
  backlog_mean: ['Hồ sơ tồn cuối ngày, trung bình', 'dossiers'],
  utilization_counter: ['Hiệu suất sử dụng: quầy tiếp nhận', 'share'],
  utilization_desk: ['Hiệu suất sử dụng: bộ phận một cửa', 'share'],
  utilization_specialist: ['Hiệu suất sử dụng: chuyên viên', 'share'],
  utilization_leader: ['Hiệu suất sử dụng: lãnh đạo', 'share'],
  utilization_partner: ['Hiệu suất sử dụng: cơ quan phối hợp', 'share'],
  staff_hours_per_dossier: ['Giờ công trên một hồ sơ', 'h'],
  trips_per_dossier: ['Số lần đi lại trên một hồ sơ', 'trips'],
  events: ['Sự kiện mô phỏng', 'events'],
};

/** The indicators the chart and the top of the tables show, in this order. */
export const KEY_METRICS = ['on_time_rate', 'late', 'cycle_days_mean', 'counter_wait_mean'];

export const UNITS = {
  min: 'phút',
  'working days': 'ngày làm việc',
  h: 'giờ',
  dossiers: 'hồ sơ',
  trips: 'lượt',
  events: 'sự kiện',
};

export const RUN_STATUSES = {
  queued: 'Đang chờ',
  running: 'Đang chạy',
  finished: 'Hoàn thành',
  failed: 'Thất bại',
};

/** [label, unit] of an indicator, including per-station ones (utilization_<x>, wait_mean_<x>). */
export function metricInfo(name, unit) {
  if (METRICS[name]) return METRICS[name];
  if (name.startsWith('utilization_')) {
    return [`Hiệu suất sử dụng: ${name.slice('utilization_'.length)}`, 'share'];
  }
  if (name.startsWith('wait_mean_')) {
    return [`Thời gian chờ tại ${name.slice('wait_mean_'.length)}, trung bình`, 'min'];
  }
  if (name === 'utilization') return ['Hiệu suất sử dụng', 'share'];
  if (name === 'served') return ['Hồ sơ đã phục vụ', 'dossiers'];
  return [name, unit ?? ''];
}

const shareFormat = new Intl.NumberFormat('vi-VN', { style: 'percent', maximumFractionDigits: 1 });
const countFormat = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });
const dateTimeFormat = new Intl.DateTimeFormat('vi-VN', { dateStyle: 'short', timeStyle: 'short' });

const smallFormat = new Intl.NumberFormat('vi-VN', { maximumSignificantDigits: 3 });

/** Times and rates: two decimals, or three significant digits below 1 (0,0123 ngày). */
const formatMeasure = (value) => (
  Math.abs(value) < 1 && value !== 0 ? smallFormat.format(value) : formatNumber(value));

function bareMetric(value, unit, signed) {
  const sign = signed && value > 0 ? '+' : '';
  if (unit === 'share') return sign + shareFormat.format(value);
  if (unit === 'dossiers' || unit === 'events' || unit === 'trips') {
    return sign + countFormat.format(value);
  }
  return sign + formatMeasure(value);
}

const unitSuffix = (unit) => (unit && unit !== 'share' && unit !== 'dossiers'
  ? ` ${label(UNITS, unit)}` : '');

const missing = (value) => value === null || value === undefined || Number.isNaN(value);

/** A value in its unit: shares as %, counts with thousands separators, times with their unit. */
export function formatMetric(value, unit, { signed = false } = {}) {
  if (missing(value)) return '—';
  return bareMetric(value, unit, signed) + unitSuffix(unit);
}

/** "3,42 – 4,6 phút": a confidence interval in its unit. */
export function formatInterval(metric, unit, { signed = false } = {}) {
  if (missing(metric?.ci_low) || missing(metric?.ci_high)) return '—';
  return `${bareMetric(metric.ci_low, unit, signed)} – ${bareMetric(metric.ci_high, unit, signed)}`
    + unitSuffix(unit);
}

export const formatDateTime = (iso) => (iso ? dateTimeFormat.format(new Date(iso)) : '—');
