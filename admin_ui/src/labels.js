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
