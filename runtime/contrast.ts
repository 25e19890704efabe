/**
 * Text colours derived from the background they sit on, so a site that only
 * sets its brand colours never gets text the same colour as its background.
 */
const LIGHT = '#fff';
const DARK = '#222';

/** sRGB channels 0–255 of a hex or rgb()/rgba() colour; null for anything else (named colours, var()). */
function channels(color: string): [number, number, number] | null {
  const c = color.trim();
  const hex = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(c)?.[1];
  if (hex) {
    const full = hex.length <= 4 ? [...hex].map((d) => d + d).join('') : hex;
    return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)) as [number, number, number];
  }
  const rgb = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(c);
  return rgb ? [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])] : null;
}

/** WCAG relative luminance. */
function luminance([r, g, b]: [number, number, number]): number {
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

const contrast = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);

/** White or dark text, whichever contrasts more with `background`; `fallback` when it can't be read. */
export function textOn(background: string, fallback: string): string {
  const rgb = channels(background);
  if (!rgb) return fallback;
  const l = luminance(rgb);
  return contrast(l, 1) >= contrast(l, luminance([0x22, 0x22, 0x22])) ? LIGHT : DARK;
}
