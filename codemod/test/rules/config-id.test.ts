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
