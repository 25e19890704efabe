/**
 * Escaped text analysed decoded but edited in place: HTML character references
 * in attribute values (`Chatra(&quot;openChat&quot;)` is a call), backslash
 * escapes in PHP strings. The decoder keeps a map between decoded and raw offsets.
 */

const NAMED: Readonly<Record<string, string>> = { quot: '"', apos: "'", amp: '&', lt: '<', gt: '>', nbsp: '\u00a0' };
const REFERENCE = /&(?:#(\d+)|#[xX]([0-9a-fA-F]+)|([A-Za-z]+));/g;

export interface Decoded {
  text: string;
  /** Raw offset of a decoded offset (the end of the text maps to the end of the raw value). */
  toRaw(offset: number): number;
  /** Decoded offset of a raw offset; inside a reference, the reference's own position. */
  fromRaw(offset: number): number;
}

export function decodeEntities(raw: string): Decoded {
  if (!raw.includes('&')) return { text: raw, toRaw: (o) => o, fromRaw: (o) => o };
  return decodeEscapes(raw, REFERENCE, ([, dec, hex, name]) =>
    dec ? String.fromCodePoint(Number(dec)) : hex ? String.fromCodePoint(parseInt(hex, 16)) : NAMED[name.toLowerCase()],
  );
}

/** Percent-encoding in a URL (`javascript:Chatra(%27openChat%27)`); ASCII is all JS syntax needs. */
export function decodePercent(raw: string): Decoded {
  return decodeEscapes(raw, /%([0-9a-fA-F]{2})/g, ([, hex]) => String.fromCharCode(parseInt(hex, 16)));
}

/** Decodes every match of `pattern` (a global regex) to what `decodeOne` returns; `undefined` keeps the match as it is. */
export function decodeEscapes(raw: string, pattern: RegExp, decodeOne: (match: RegExpMatchArray) => string | undefined): Decoded {
  const parts: string[] = [];
  // rawAt[k] = raw offset where decoded char k starts.
  const rawAt: number[] = [];
  let at = 0;
  const copy = (until: number): void => {
    for (let k = at; k < until; k++) rawAt.push(k);
    parts.push(raw.slice(at, until));
  };
  for (const match of raw.matchAll(pattern)) {
    const whole = match[0];
    const char = decodeOne(match);
    if (char === undefined) continue;
    copy(match.index);
    for (let k = 0; k < char.length; k++) rawAt.push(match.index);
    parts.push(char);
    at = match.index + whole.length;
  }
  copy(raw.length);
  const text = parts.join('');
  return {
    text,
    toRaw: (offset) => (offset >= rawAt.length ? raw.length : rawAt[offset]),
    fromRaw: (offset) => {
      const found = rawAt.findIndex((r) => r >= offset);
      return found < 0 ? text.length : found;
    },
  };
}

/** Makes replacement text safe inside an attribute quoted with `quote`. */
export function encodeForAttribute(text: string, quote: string): string {
  if (quote === '"') return text.replace(/"/g, '&quot;');
  if (quote === "'") return text.replace(/'/g, '&#39;');
  return text;
}
