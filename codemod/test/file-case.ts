import { expect, it } from 'vitest';
import { transformFile } from '../engine.js';
import type { FileResult, MigrateOptions } from '../types.js';

/** Migrates one file's text; the output is the input when nothing changes. */
export function migrateText(path: string, text: string, options: MigrateOptions = {}): { output: string; result: FileResult } {
  const result = transformFile(path, text, options);
  return { output: result.output ?? text, result };
}

/**
 * One file-level before → after case: the output is exactly `expected`, a
 * second run changes nothing, and the same case with CRLF line endings comes
 * out with CRLF line endings.
 */
export function fileTest(name: string, path: string, before: string, expected: string, options: MigrateOptions = {}): void {
  it(name, () => {
    const { output } = migrateText(path, before, options);
    expect(output).toBe(expected);
    expect(transformFile(path, output, options).output).toBeNull();
    const crlf = (s: string) => s.replace(/\r?\n/g, '\r\n');
    expect(migrateText(path, crlf(before), options).output).toBe(crlf(expected));
  });
}

export function untouchedFileTest(name: string, path: string, text: string): void {
  it(name, () => {
    expect(transformFile(path, text, {}).output).toBeNull();
  });
}
