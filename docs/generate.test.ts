import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { METHODS, SETTINGS, LEGACY_METHODS } from '../runtime/surface';
import { renderSurfaceDoc, SURFACE_DOC_PATH } from './generate';

describe('docs/api-surface.md', () => {
  it('is what the generator makes of runtime/surface.ts (run `npm run docs` after changing the surface)', () => {
    expect(readFileSync(SURFACE_DOC_PATH, 'utf8')).toBe(renderSurfaceDoc());
  });

  it('lists every method, legacy name and setting', () => {
    const doc = renderSurfaceDoc();
    for (const name of [...METHODS.map((m) => m.name), ...Object.keys(LEGACY_METHODS), ...SETTINGS.map((s) => s.name)]) {
      expect(doc).toContain('`' + name + '`');
    }
  });
});
