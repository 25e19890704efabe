import { describe, expect, it } from 'vitest';
import { transformFile } from '../engine.js';
import { leftoverReferences } from '../leftovers.js';

/** The `reference` findings the safety net adds, as `[text at offset, rule]`. */
function leftovers(path: string, input: string): string[] {
  return transformFile(path, input, {})
    .findings.filter((f) => f.kind === 'reference')
    .map((f) => `${f.rule}@${input.slice(f.offset, f.offset + 20).split('\n')[0]}`);
}

describe('safety net: Chatra references left in the output', () => {
  it('reports a config global no rule rewrote, at its offset in the original', () => {
    const input = `run();\nReflect.set(window,\n  'ChatraID', 'K1');\n`;
    expect(leftovers('a.js', input)).toEqual([`leftover@ChatraID', 'K1');`]);
  });

  it('reports a string naming a config global', () => {
    expect(leftovers('a.js', `Object.defineProperty(window, 'ChatraID', { value: 'K1' });`)).toEqual([`leftover@ChatraID', { value: `]);
  });

  it('maps offsets past earlier edits back to the original text', () => {
    const input = `window.Chatra('openChat');\nReflect.set(window, 'ChatraGroupID', 'g');\n`;
    const result = transformFile('a.js', input, {});
    expect(result.output).toContain('window.Svyazio');
    const [finding] = result.findings.filter((f) => f.kind === 'reference');
    expect(input.slice(finding.offset, finding.offset + 13)).toBe('ChatraGroupID');
  });

  it('reports the script URL and the hash wherever no rule took them', () => {
    const output = `<div data-src="https://call.chatra.io/chatra.js"></div>\n<x-link to="#chatraChatExpanded"></x-link>\n`;
    const found = leftoverReferences(output, output, [], [], false);
    expect(found.map((f) => output.slice(f.offset, f.offset + 6))).toEqual(['chatra', '#chatr']);
    expect(found.every((f) => f.kind === 'reference' && f.rule === 'leftover')).toBe(true);
  });

  it('reports a line only once, and not where a rule already reported', () => {
    expect(leftovers('a.js', `window.ChatraID += 'x'; window.ChatraSetup;`)).toEqual([]);
    expect(leftovers('a.js', `Reflect.get(window, 'ChatraID') || Reflect.get(window, 'ChatraGroupID');`)).toHaveLength(1);
  });

  it('leaves alone prose, comments, detection strings, other sites and lookalike names', () => {
    const input = [
      `// window.ChatraID = 'x' used to be here`,
      `/* Chatra('openChat') */`,
      `const VENDORS = { Intercom: 'intercom', Chatra: 'chatra' };`,
      `const KEYS = { Chatra: 'window.Chatra', ChatraID: 'script[src*="chatra.js"]' };`,
      `const names = ['Chatra', 'Drift'];`,
      `const link = 'https://chatra.io/help/'; const other = 'https://other.example/#chatraChatExpanded';`,
      `const on = settings.chatraEnabled && settings.chatra_id;`,
      `window.Chatra('openChat');`,
    ].join('\n');
    expect(leftovers('a.js', input)).toEqual([]);
    expect(leftovers('a.html', `<p>We moved from Chatra. See Chatra.io or chatra.io/pricing.</p><a href="#chatraChatExpanded">x</a>`)).toEqual([]);
  });

  it('leaves alone a site binding named Chatra and TypeScript types named like globals', () => {
    expect(leftovers('a.js', `function f(Chatra) { Chatra('x'); }\nwindow.Chatra('openChat');`)).toEqual([]);
    expect(leftovers('a.ts', `export function f(v?: ChatraIntegration): void { window.Chatra?.('setIntegrationData', v); }`)).toEqual([]);
    expect(leftovers('a.ts', `interface ChatraSetup { a: 1 }\nconst s: ChatraSetup = { a: 1 };\nwindow.Chatra?.('x');`)).toEqual([]);
  });

  it('still reports a member access on another object and a bracket access', () => {
    const output = `app.Chatra('openChat');\nframe.contentWindow['Chatra']('x');\n`;
    expect(leftoverReferences(output, output, [], [], false).map((f) => f.offset)).toEqual([4, output.indexOf('[')]);
  });
});

describe('robustness', () => {
  it('degrades a region nested too deeply for the parser to a parse error, with no output change', () => {
    const input = `${'('.repeat(8000)}Chatra${')'.repeat(8000)}('x');`;
    const result = transformFile('deep.js', input, {});
    expect(result.output).toBeNull();
    expect(result.parseError).toMatch(/nested too deeply/);
    expect(result.findings).toContainEqual(expect.objectContaining({ kind: 'warning', rule: 'parse' }));
  });
});
