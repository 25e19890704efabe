/**
 * Bytes ↔ text for source files. The engine sees text without a BOM; writing
 * puts back the same encoding and BOM, so only edited characters change.
 */

export type TextEncoding = 'utf8' | 'utf8-bom' | 'utf16le' | 'utf16be';

export type Decoded =
  | { ok: true; text: string; encoding: TextEncoding }
  | { ok: false; reason: 'not-utf8' | 'binary' };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf16be = new TextDecoder('utf-16be', { ignoreBOM: true });

/** How many leading bytes are checked for NUL to call a file binary (git does the same). */
const BINARY_SNIFF = 8000;

/** The BOM-declared UTF-16 flavour, if any: such files legitimately contain NUL bytes. */
function utf16Bom(bytes: Uint8Array): 'utf16le' | 'utf16be' | null {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf16le';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf16be';
  return null;
}

export function isBinary(bytes: Uint8Array): boolean {
  if (utf16Bom(bytes)) return false;
  const end = Math.min(bytes.length, BINARY_SNIFF);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}

export function decode(bytes: Uint8Array): Decoded {
  const wide = utf16Bom(bytes);
  if (wide === 'utf16le') return { ok: true, text: Buffer.from(bytes.buffer, bytes.byteOffset + 2, bytes.length - 2).toString('utf16le'), encoding: wide };
  if (wide === 'utf16be') return { ok: true, text: utf16be.decode(bytes.subarray(2)), encoding: wide };
  if (isBinary(bytes)) return { ok: false, reason: 'binary' };
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  try {
    const text = strictUtf8.decode(bom ? bytes.subarray(3) : bytes);
    return { ok: true, text, encoding: bom ? 'utf8-bom' : 'utf8' };
  } catch {
    return { ok: false, reason: 'not-utf8' };
  }
}

export function encode(text: string, encoding: TextEncoding): Buffer {
  switch (encoding) {
    case 'utf8':
      return Buffer.from(text, 'utf8');
    case 'utf8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'utf16le':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'utf16be': {
      const body = Buffer.from(text, 'utf16le');
      body.swap16();
      return Buffer.concat([Buffer.from([0xfe, 0xff]), body]);
    }
  }
}

/**
 * Whether the raw bytes can mention Chatra at all. UTF-16 text is decoded
 * first; everything else is tested as Latin-1, which keeps ASCII bytes as is.
 */
export function mayMentionChatra(bytes: Uint8Array): boolean {
  const wide = utf16Bom(bytes);
  const text = wide ? (decode(bytes) as { text: string }).text : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
  return CHATRA.test(text);
}

export const CHATRA = /chatra/i;

/** Kinds of file where one enormous line means a bundler wrote it, not a person. */
const MINIFIABLE = /\.(m?js|cjs|css)$/i;
const MINIFIED_NAME = /[.-]min\.(m?js|cjs|css)$/i;

/** A minified bundle, by name or by shape: never the site's own source to rewrite. */
export function isMinifiedBundle(rel: string, text: string): boolean {
  return MINIFIED_NAME.test(rel) || (MINIFIABLE.test(rel) && looksMinified(text));
}

/** Minified bundles are left alone: a very long line, or long lines on average. */
function looksMinified(text: string): boolean {
  if (text.length < 2000) return false;
  let lines = 1;
  let longest = 0;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    longest = Math.max(longest, i - start);
    start = i + 1;
    lines++;
  }
  longest = Math.max(longest, text.length - start);
  return longest > 5000 || text.length / lines > 300;
}
