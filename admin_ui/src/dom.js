// A tiny element builder. Pages build the DOM with h() instead of innerHTML so that
// catalogue text (names, codes) can never be interpreted as markup.

/**
 * h('a', { href: '#/', class: 'link' }, 'text', child) → HTMLAnchorElement.
 * Attributes: `class`, `dataset` (object), `on<Event>` (listener), booleans, strings.
 * Children: nodes, strings, numbers; null/false/undefined are skipped; arrays are flattened.
 */
export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (name === 'style' && typeof value === 'object') {
      for (const [prop, v] of Object.entries(value)) element.style.setProperty(prop, v);
    } else if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** svg('circle', { cx: 4, cy: 4, r: 3 }) → an SVG element; attributes and children as h(). */
export function svg(tag, attrs = {}, ...children) {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.append(child instanceof Node ? child : String(child));
  }
}

/** Replace everything inside `element` with `children`. */
export function replaceChildren(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/** A visible, announced error message for a failed request. */
export function errorBox(error) {
  const title = error?.problem?.title ?? 'Đã xảy ra lỗi';
  const detail = error?.problem?.detail ?? error?.message ?? '';
  return h('div', { class: 'alert', role: 'alert' },
    h('strong', {}, title), detail ? h('p', {}, detail) : null);
}
