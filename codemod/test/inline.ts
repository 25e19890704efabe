import { expect, it } from 'vitest';
import { applyEdits } from '../splice.js';
import { parseScript, rewriteScript, type RuleContext, type ScriptLang } from '../script.js';

export interface InlineOptions extends Partial<RuleContext> {
  lang?: ScriptLang;
}

/** Rewrites `input` as one script and returns the output text and the result. */
export function runScript(input: string, options: InlineOptions = {}) {
  const { lang = 'js', ...ctx } = options;
  const result = rewriteScript(input, lang, { options: {}, ...ctx });
  return { output: applyEdits(input, result.edits), result };
}

/**
 * One before → after case, in the style of jscodeshift's defineInlineTest: the
 * output must be exactly `expected`, still parse, and be a fixed point.
 */
export function inlineTest(name: string, input: string, expected: string, options: InlineOptions = {}): void {
  it(name, () => {
    const lang = options.lang ?? 'js';
    const { output } = runScript(input, options);
    expect(output).toBe(expected);
    expect('error' in parseScript(output, lang, options) ? output : null).toBeNull();
    expect(runScript(output, options).output).toBe(output);
  });
}

/** A case that must come out unchanged. */
export function untouchedTest(name: string, input: string, options: InlineOptions = {}): void {
  inlineTest(name, input, input, options);
}
