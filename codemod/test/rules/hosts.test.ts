import { describe, expect, it } from 'vitest';
import { inlineTest, runScript, untouchedTest } from '../inline.js';

describe('hosts', () => {
  inlineTest(
    'CSP directive strings',
    `const csp = [\n  "script-src 'self' https://call.chatra.io https://plausible.io",\n  "connect-src 'self' wss://*.chatra.io https://*.chatra.io",\n].join('; ');\n`,
    `const csp = [\n  "script-src 'self' https://app.svyazio.ru https://plausible.io",\n  "connect-src 'self' wss://app.svyazio.ru https://app.svyazio.ru",\n].join('; ');\n`,
  );
  inlineTest(
    'helmet directives, one source per element',
    `helmet({ directives: { scriptSrc: ["'self'", '*.chatra.io'], frameSrc: ['chat.chatra.io'] } });`,
    `helmet({ directives: { scriptSrc: ["'self'", 'app.svyazio.ru'], frameSrc: ['app.svyazio.ru'] } });`,
  );
  inlineTest(
    'a source that would repeat goes',
    `const src = ['self', 'https://call.chatra.io', 'https://chat.chatra.io', 'https://x.test'];`,
    `const src = ['self', 'https://app.svyazio.ru', 'https://x.test'];`,
  );
  inlineTest('preconnect in JSX', `const H = () => <link rel="preconnect" href="https://call.chatra.io" />;`, `const H = () => <link rel="preconnect" href="https://app.svyazio.ru" />;`, { lang: 'tsx' });
  untouchedTest('prose and unrelated URLs', `const a = 'See https://chatra.io/pricing for details'; const b = 'https://chatra.io/help';`);

  it('reports the standalone chat page', () => {
    const input = `const url = 'https://chat.chatra.io/?hostId=abc';`;
    const { output, result } = runScript(input);
    expect(output).toBe(input);
    expect(result.findings).toContainEqual(expect.objectContaining({ kind: 'todo', rule: 'hosts', offset: input.indexOf('https') }));
  });
});
