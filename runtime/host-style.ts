/**
 * The host's own box (where it sits, whether it shows, how it stacks), written
 * inline on `<div id="svyazio">`. The page can select the host, and for
 * ordinary declarations a page rule beats any `:host` rule of the shadow root,
 * so a site's `div { position: relative }` would move it. An inline declaration
 * beats every ordinary rule of the page, while a site's deliberate
 * `#svyazio { bottom: 90px !important }` still wins, as it did with Chatra.
 */
import { isShown, type State } from './state';

const EDGE = '20px';

export function hostStyle(s: State): Record<string, string> {
  const box: Record<string, string> = {
    display: isShown(s) ? 'block' : 'none',
    position: 'fixed',
    'z-index': String(s.zIndex),
    top: 'auto',
    right: 'auto',
    bottom: 'auto',
    left: 'auto',
    width: 'auto',
    height: 'auto',
    'min-width': '0',
    'min-height': '0',
    'max-width': 'none',
    'max-height': 'none',
    margin: '0',
    padding: '0',
    border: '0',
    float: 'none',
    transform: 'none',
  };
  // Inline in the page's flow instead of fixed over it.
  if (s.frame) return { ...box, position: 'static', height: '100%' };
  if (s.mobile && s.expanded) return { ...box, top: '0', right: '0', bottom: '0', left: '0' };
  const [side, place] = s.position;
  const edge = s.buttonStyle === 'tab' ? '0' : EDGE;
  if (side === 'b') {
    box.bottom = edge;
    if (place === 'l') box.left = EDGE;
    else if (place === 'r') box.right = EDGE;
    else Object.assign(box, { left: '50%', transform: 'translateX(-50%)' });
  } else {
    box[side === 'l' ? 'left' : 'right'] = edge;
    if (place === 't') box.top = EDGE;
    else if (place === 'b') box.bottom = EDGE;
    else Object.assign(box, { top: '50%', transform: 'translateY(-50%)' });
  }
  return box;
}
