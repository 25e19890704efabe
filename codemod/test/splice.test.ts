import { describe, expect, it } from 'vitest';
import { applyEdits, normalizeEdits } from '../splice.js';

describe('applyEdits', () => {
  it('applies edits in any order and keeps everything else byte for byte', () => {
    const text = 'a Chatra b\r\nChatra c';
    const out = applyEdits(text, [
      { start: 12, end: 18, text: 'Svyazio', rule: 'globals' },
      { start: 2, end: 8, text: 'Svyazio', rule: 'globals' },
    ]);
    expect(out).toBe('a Svyazio b\r\nSvyazio c');
  });

  it('returns the same text without edits', () => {
    expect(applyEdits('x', [])).toBe('x');
  });

  it('collapses exact duplicates from different rules', () => {
    const e = { start: 0, end: 1, text: 'y' };
    expect(applyEdits('xz', [{ ...e, rule: 'a' }, { ...e, rule: 'b' }])).toBe('yz');
  });

  it('keeps adjacent edits and an insertion at an edit end', () => {
    expect(applyEdits('abc', [
      { start: 0, end: 1, text: 'A', rule: 'r' },
      { start: 1, end: 2, text: 'B', rule: 'r' },
      { start: 3, end: 3, text: '!', rule: 'r' },
    ])).toBe('ABc!');
  });

  it('throws on overlaps, naming both rules', () => {
    expect(() =>
      applyEdits('abcdef', [
        { start: 0, end: 3, text: 'x', rule: 'first' },
        { start: 2, end: 4, text: 'y', rule: 'second' },
      ]),
    ).toThrow(/second.*overlaps.*first/);
    expect(() =>
      normalizeEdits([
        { start: 1, end: 1, text: 'x', rule: 'a' },
        { start: 1, end: 1, text: 'y', rule: 'b' },
      ]),
    ).toThrow(/overlaps/);
  });

  it('rejects inverted ranges', () => {
    expect(() => applyEdits('abc', [{ start: 2, end: 1, text: '', rule: 'bad' }])).toThrow(/bad/);
  });
});
