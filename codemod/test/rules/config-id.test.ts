import { describe, expect, it } from 'vitest';
import { rewriteScript } from '../../script.js';
import { inlineTest, runScript, untouchedTest } from '../inline.js';

describe('config-id', () => {
  inlineTest('window.ChatraID assignment', `window.ChatraID = 'abc';`, `(window.SvyazioConfig = window.SvyazioConfig || {}).orgId = 'abc';`);
  inlineTest('alias assignment keeps the alias', `var w = window;\nw.ChatraID = key;`, `var w = window;\n(w.SvyazioConfig = w.SvyazioConfig || {}).orgId = key;`);
  inlineTest('bare assignment uses window', `ChatraID = 'abc';`, `(window.SvyazioConfig = window.SvyazioConfig || {}).orgId = 'abc';`);
  inlineTest('bracket access', `window['ChatraGroupID'] = 'sales';`, `(window.SvyazioConfig = window.SvyazioConfig || {}).groupId = 'sales';`);
  inlineTest('top-level var of a classic script', `var ChatraID = 'abc';\n`, `window.SvyazioConfig = Object.assign(window.SvyazioConfig || {}, { orgId: 'abc' });\n`);
  inlineTest('const without semicolon, inline', `const ChatraGroupID = "g"`, `window.SvyazioConfig = Object.assign(window.SvyazioConfig || {}, { groupId: "g" });`, { inline: true });
  inlineTest('reads', `send(ChatraID, window.ChatraGroupID);`, `send((window.SvyazioConfig || {}).orgId, (window.SvyazioConfig || {}).groupId);`);
  inlineTest('read through an alias', `const w = window; log(w.ChatraID);`, `const w = window; log((w.SvyazioConfig || {}).orgId);`);
  inlineTest('shorthand read', `track({ ChatraID });`, `track({ ChatraID: (window.SvyazioConfig || {}).orgId });`);
  inlineTest('an assignment inside an expression', `window.ChatraID = window.ChatraID || 'x';`, `(window.SvyazioConfig = window.SvyazioConfig || {}).orgId = (window.SvyazioConfig || {}).orgId || 'x';`);
  untouchedTest('a local named ChatraID', `function f(ChatraID) { return ChatraID; }`);
  untouchedTest('object keys and other objects', `const o = { ChatraID: 1 }; o.ChatraID = 2; settings.chatra_id = 3;`);
  untouchedTest('module-level const is a local', `export const ChatraID = 'x';`);

  inlineTest('logical assignments like =', `window.ChatraID ??= 'K1';\nwindow.ChatraGroupID ||= 'g';`, `(window.SvyazioConfig = window.SvyazioConfig || {}).orgId ??= 'K1';\n(window.SvyazioConfig = window.SvyazioConfig || {}).groupId ||= 'g';`, { inline: true });

  it('reports compound assignments instead of rewriting them', () => {
    const { output, result } = runScript(`window.ChatraID += 'x';`);
    expect(output).toBe(`window.ChatraID += 'x';`);
    expect(result.findings).toContainEqual(expect.objectContaining({ kind: 'todo', rule: 'config-id', offset: 0 }));
  });

  it('reports ChatraProtocol and leaves it', () => {
    const { output, result } = runScript(`window.ChatraProtocol = 'https:';`);
    expect(output).toBe(`window.ChatraProtocol = 'https:';`);
    expect(result.findings).toContainEqual(expect.objectContaining({ kind: 'warning', rule: 'config-id', offset: 7 }));
  });
});

describe('config-id: the org ID value', () => {
  const orgId = { options: { orgId: 'org-42' } };
  inlineTest('--org-id replaces the assigned value', `var w = window; w.ChatraID = '<?php echo $k ?>';\nvar ChatraID = cfg.id;`, `var w = window; (w.SvyazioConfig = w.SvyazioConfig || {}).orgId = "org-42";\nwindow.SvyazioConfig = Object.assign(window.SvyazioConfig || {}, { orgId: "org-42" });`, orgId);
  inlineTest('--org-id leaves groupId values', `window.ChatraGroupID = 'sales';`, `(window.SvyazioConfig = window.SvyazioConfig || {}).groupId = 'sales';`, orgId);

  it('lists a carried-over value as a to-do', () => {
    const input = `window.ChatraID = process.env.CHATRA_ID;`;
    const { result } = runScript(input);
    expect(result.findings).toEqual([
      expect.objectContaining({ kind: 'todo', rule: 'config-id', offset: input.indexOf('process'), message: expect.stringContaining('process.env.CHATRA_ID') }),
    ]);
  });

  it('does not replace a value other rules edit inside, and says so', () => {
    const input = `window.ChatraID = window.ChatraID || 'x';`;
    const { output, result } = runScript(input, orgId);
    expect(output).toBe(`(window.SvyazioConfig = window.SvyazioConfig || {}).orgId = (window.SvyazioConfig || {}).orgId || 'x';`);
    expect(result.findings).toContainEqual(expect.objectContaining({ kind: 'todo', offset: input.indexOf('window.ChatraID ||') }));
  });

  it('never replaces masked template code', () => {
    const input = `window.ChatraID = '________';`;
    const result = rewriteScript(input, 'js', { ...orgId, masked: [[19, 27]] });
    expect(result.edits.map((e) => e.rule)).toEqual(['config-id']);
    expect(result.edits[0].text).toBe('(window.SvyazioConfig = window.SvyazioConfig || {}).orgId');
  });
});

describe('config-id: TypeScript casts', () => {
  const ts = { lang: 'ts' } as const;
  inlineTest(
    'a cast object gets a typed config',
    `(window as unknown as Record<string, unknown>).ChatraID = id;\nsend((window as any).ChatraGroupID);`,
    `((window as unknown as Record<string, unknown>).SvyazioConfig = (((window as unknown as Record<string, unknown>).SvyazioConfig || {}) as { orgId?: string })).orgId = id;\nsend((((window as any).SvyazioConfig || {}) as { groupId?: string }).groupId);`,
    ts,
  );
  inlineTest('no cast, no type', `const w = window;\nw.ChatraID = id;`, `const w = window;\n(w.SvyazioConfig = w.SvyazioConfig || {}).orgId = id;`, ts);
});

describe('config-id: semicolon-less code', () => {
  inlineTest('an assignment after an unterminated call gets a leading ;', `var key = String('K1')\nwindow.ChatraID = key\n`, `var key = String('K1')\n;(window.SvyazioConfig = window.SvyazioConfig || {}).orgId = key\n`);
  inlineTest('a read at statement start gets a leading ;', `const ready = Boolean(1)\nChatraID && log('id')`, `const ready = Boolean(1)\n;(window.SvyazioConfig || {}).orgId && log('id')`);
  inlineTest('each of two statements in a row', `const w = window\nChatraID = cfg.id\nw.ChatraGroupID = cfg.group`, `const w = window\n;(window.SvyazioConfig = window.SvyazioConfig || {}).orgId = cfg.id\n;(w.SvyazioConfig = w.SvyazioConfig || {}).groupId = cfg.group`);
  inlineTest('after an expression ending in }', `const f = function () {}\nChatraID = 'x'`, `const f = function () {}\n;(window.SvyazioConfig = window.SvyazioConfig || {}).orgId = 'x'`);
  inlineTest('after an if whose body is an unterminated call', `if (a) go()\nChatraID = 'x'`, `if (a) go()\n;(window.SvyazioConfig = window.SvyazioConfig || {}).orgId = 'x'`);
  inlineTest('inside a method body', `export default { mounted () {\n  const id = this.chatId\n  window.ChatraID = id\n} }`, `export default { mounted () {\n  const id = this.chatId\n  ;(window.SvyazioConfig = window.SvyazioConfig || {}).orgId = id\n} }`);
  inlineTest('no ; after a terminated line, a block or at the start', `if (a) {}\nfunction f() {}\nChatraID = 'x'\nfoo();\nChatraID = 'y'`, `if (a) {}\nfunction f() {}\n(window.SvyazioConfig = window.SvyazioConfig || {}).orgId = 'x'\nfoo();\n(window.SvyazioConfig = window.SvyazioConfig || {}).orgId = 'y'`);
  inlineTest('no ; for the body of an if', `if (a)\n  ChatraID = 'x'`, `if (a)\n  (window.SvyazioConfig = window.SvyazioConfig || {}).orgId = 'x'`);
});

describe('config-id: Object.assign(window, { … })', () => {
  inlineTest(
    'each global key, the ID into SvyazioConfig',
    `Object.assign(window, {\n  ChatraID: 'K1',\n  ChatraSetup: { buttonPosition: 'bl' },\n  'ChatraIntegration': { email: user.email },\n});`,
    `Object.assign(window, {\n  SvyazioConfig: { orgId: 'K1' },\n  SvyazioSetup: { buttonPosition: 'bl' },\n  'SvyazioIntegration': { email: user.email },\n});`,
  );
  inlineTest('--org-id replaces the value', `Object.assign(window, { ChatraID: cfg.id });`, `Object.assign(window, { SvyazioConfig: { orgId: "org-1" } });`, { options: { orgId: 'org-1' } });
  untouchedTest('Object.assign onto another object', `Object.assign(settings, { ChatraID: 'K1', Chatra: 1 });`);

  it('reports two config fields in one object instead of making two SvyazioConfig keys', () => {
    const input = `Object.assign(window, { ChatraID: 'K1', ChatraGroupID: 'g' });`;
    const { output, result } = runScript(input);
    expect(output).toBe(input);
    expect(result.findings.filter((f) => f.kind === 'todo').map((f) => f.offset)).toEqual([input.indexOf('ChatraID'), input.indexOf('ChatraGroupID')]);
  });
});
