// The BPMN diagram viewer: bpmn-js's NavigatedViewer (pan with the mouse or the arrow keys
// once the diagram has focus, zoom with Ctrl + wheel or the toolbar). This module and
// bpmn-js's stylesheets are loaded lazily, only on a procedure page.

import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';

const ZOOM_STEP = 1.25;
const MIN_ZOOM = 0.2;
const MAX_ZOOM = 4;
// After fitting, shrink a little so the pool does not touch the frame.
const FIT_MARGIN = 0.96;

/**
 * Render `xml` into `container` and fit it to the viewport.
 * Returns the controls the page's toolbar needs and the import warnings.
 */
export async function showDiagram(container, xml) {
  const viewer = new NavigatedViewer({ container });
  const { warnings } = await viewer.importXML(xml);
  const canvas = viewer.get('canvas');
  const fit = () => {
    const scale = canvas.zoom('fit-viewport', 'auto');
    if (scale < 1) canvas.zoom(scale * FIT_MARGIN);
  };
  const zoomBy = (factor) => {
    const level = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, canvas.zoom() * factor));
    canvas.zoom(level, 'auto');
  };
  fit();
  return {
    warnings,
    fit,
    zoomIn: () => zoomBy(ZOOM_STEP),
    zoomOut: () => zoomBy(1 / ZOOM_STEP),
    destroy: () => viewer.destroy(),
  };
}
