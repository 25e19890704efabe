/**
 * The widget's CSS, adopted into its shadow root as one constructable
 * stylesheet so a page whose CSP forbids inline styles still shows it.
 */
const CSS = `
:host{all:initial}
[hidden]{display:none!important}
*{box-sizing:border-box;margin:0;font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.b{position:relative;display:flex;align-items:center;justify-content:center;border:0;padding:0;cursor:pointer;background:var(--bb);color:var(--bt);box-shadow:0 4px 14px #0003}
.b svg{width:50%;height:50%;fill:currentColor}
.s svg{width:20px;height:20px;fill:currentColor}
button:focus-visible,textarea:focus-visible{outline:3px solid var(--ac);outline-offset:2px}
:host(.svyazio--style-round) .b{width:var(--sz);height:var(--sz);border-radius:50%}
:host(.svyazio--style-tab) .b{padding:10px 18px;font-weight:600;border-radius:8px 8px 0 0}
:host(.svyazio--style-tab.svyazio--side-left) .b{writing-mode:vertical-rl;border-radius:0 8px 8px 0}
:host(.svyazio--style-tab.svyazio--side-right) .b{writing-mode:vertical-rl;border-radius:8px 0 0 8px}
.g{position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;padding:0 6px;border-radius:10px;background:#e5393f;color:#fff;font-size:12px;line-height:20px}
:host(.svyazio--style-tab:not(.svyazio--side-bottom)) .g{writing-mode:horizontal-tb;top:-14px;right:auto;left:50%;transform:translateX(-50%)}
.w{position:absolute;display:flex;flex-direction:column;width:var(--cw);height:var(--ch);max-width:calc(100vw - 40px);max-height:calc(100vh - 40px);background:var(--cb);color:var(--ct);border-radius:12px;overflow:hidden;box-shadow:0 8px 30px #0003}
:host(.svyazio--side-bottom) .w{bottom:calc(100% + 12px);max-height:calc(100vh - var(--sz) - 72px)}
:host(.svyazio--pos-left) .w{left:0}
:host(.svyazio--pos-right) .w{right:0}
:host(.svyazio--pos-center) .w{left:50%;transform:translateX(-50%)}
:host(.svyazio--side-left) .w{left:calc(100% + 12px)}
:host(.svyazio--side-right) .w{right:calc(100% + 12px)}
:host(.svyazio--pos-top) .w{top:0}
:host(.svyazio--pos-middle) .w{top:50%;transform:translateY(-50%)}
:host(.svyazio--pos-bottom) .w{bottom:0}
:host(.svyazio--mobile-widget) .w,.f .w{position:static;width:100%;height:100%;max-width:none;max-height:none;border-radius:0;transform:none}
.r{height:100%}
.f .w{min-height:300px;box-shadow:none}
.h{display:flex;align-items:center;gap:8px;padding:14px 16px;background:var(--ac);color:var(--at)}
.h div{flex:1}
.t{font-size:16px;font-weight:600}
.u{font-size:12px;opacity:.85}
.x{border:0;background:none;color:inherit;font-size:24px;line-height:1;padding:4px 8px;cursor:pointer}
.m{flex:1;overflow-y:auto;display:flex;flex-direction:column;gap:8px;padding:12px}
.n{opacity:.7;font-size:13px;text-align:center}
.q{max-width:80%;padding:8px 12px;border-radius:12px;white-space:pre-wrap;overflow-wrap:anywhere;align-self:flex-start;background:var(--ag);color:var(--agt)}
.a{display:block;font-size:12px;font-weight:600;opacity:.7}
.q.client{align-self:flex-end;background:var(--cl);color:var(--clt)}
.c{display:flex;gap:8px;padding:10px;border-top:1px solid #0002}
.i{flex:1;resize:none;border:1px solid #ccc;border-radius:8px;padding:8px;max-height:120px;background:#fff;color:#222}
.s{width:40px;border:0;border-radius:8px;background:var(--ac);color:var(--at);cursor:pointer}
/* iOS Safari zooms the page into any focused field under 16px. */
:host(.svyazio--mobile-widget) .i{font-size:16px}
`;

/** Real browsers get a constructable stylesheet; environments without one (jsdom) a <style>. */
export function applyStyles(root: ShadowRoot, win: Window): void {
  const Sheet = (win as unknown as { CSSStyleSheet?: typeof CSSStyleSheet }).CSSStyleSheet;
  if ('adoptedStyleSheets' in root && Sheet && 'replaceSync' in Sheet.prototype) {
    const sheet = new Sheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
    return;
  }
  const style = root.ownerDocument.createElement('style');
  style.textContent = CSS;
  root.append(style);
}
