import { describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { rewritePackageJson } from '../package-json.js';
import { applyEdits } from '../splice.js';

function migrate(text: string): string {
  const result = rewritePackageJson(text);
  expect(result.parseError).toBeUndefined();
  return applyEdits(text, result.edits);
}

const version = `^${pkg.version}`;

describe('package.json rule', () => {
  it('replaces the dependency entry in place, leaving everything else byte-identical', () => {
    const before = '{\n  "name": "shop",\n  "dependencies": {\n    "react": "^18.2.0",\n    "@chatra/chatra": "^1.0.4",\n    "vue": "3"\n  }\n}\n';
    const result = rewritePackageJson(before);
    expect(migrate(before)).toBe(
      `{\n  "name": "shop",\n  "dependencies": {\n    "react": "^18.2.0",\n    "svyazio-migrate": "${version}",\n    "vue": "3"\n  }\n}\n`,
    );
    expect(result.findings).toEqual([expect.objectContaining({ kind: 'todo', rule: 'npm' })]);
    expect(result.findings[0].message).toMatch(/npm install/);
  });

  it.each(['devDependencies', 'peerDependencies', 'optionalDependencies'])('handles %s', (field) => {
    const before = `{"${field}":{"@chatra/chatra":"*"}}`;
    expect(migrate(before)).toBe(`{"${field}":{"svyazio-migrate": "${version}"}}`);
  });

  it('keeps tabs, CRLF and the lack of a trailing newline', () => {
    const before = '{\r\n\t"dependencies": {\r\n\t\t"@chatra/chatra" :  "1.0.0"\r\n\t}\r\n}';
    expect(migrate(before)).toBe(`{\r\n\t"dependencies": {\r\n\t\t"svyazio-migrate": "${version}"\r\n\t}\r\n}`);
  });

  it('leaves the name elsewhere alone: scripts, keywords, nested objects', () => {
    const before = JSON.stringify(
      { keywords: ['@chatra/chatra'], scripts: { x: 'echo @chatra/chatra' }, overrides: { '@chatra/chatra': '1' } },
      null,
      2,
    );
    const result = rewritePackageJson(before);
    expect(result.edits).toEqual([]);
    expect(result.findings).toEqual([]);
  });

  it('drops the entry when svyazio-migrate is already listed', () => {
    const first = '{ "dependencies": { "@chatra/chatra": "1", "svyazio-migrate": "^0.1.0" } }';
    expect(migrate(first)).toBe('{ "dependencies": { "svyazio-migrate": "^0.1.0" } }');
    const later = '{ "dependencies": { "svyazio-migrate": "^0.1.0", "@chatra/chatra": "1" } }';
    expect(migrate(later)).toBe('{ "dependencies": { "svyazio-migrate": "^0.1.0" } }');
    expect(JSON.parse(migrate(later))).toEqual({ dependencies: { 'svyazio-migrate': '^0.1.0' } });
  });

  it('replaces an older wrapper with the same API and reports wrappers with no port', () => {
    const before = '{"dependencies":{"nuxt-chatra-module":"^1.0.0","chatra":"^0.3.0","react-chatra":"^1.0.0","chatra-client":"1"}}';
    const result = rewritePackageJson(before);
    expect(applyEdits(before, result.edits)).toBe(
      `{"dependencies":{"nuxt-chatra-module":"^1.0.0","svyazio-migrate": "${version}","react-chatra":"^1.0.0","chatra-client":"1"}}`,
    );
    const reported = result.findings.map((f) => before.slice(f.offset).match(/"([^"]+)"/)?.[1]);
    expect(reported.sort()).toEqual(['chatra', 'chatra-client', 'nuxt-chatra-module', 'react-chatra']);
    expect(result.findings.every((f) => f.kind === 'todo')).toBe(true);
  });

  it('is idempotent', () => {
    const once = migrate('{"dependencies":{"@chatra/chatra":"1"}}');
    expect(rewritePackageJson(once).edits).toEqual([]);
  });

  it('reports malformed JSON and proposes nothing', () => {
    const result = rewritePackageJson('{"dependencies":{"@chatra/chatra":"1",}}');
    expect(result.parseError).toMatch(/package\.json/);
    expect(result.edits).toEqual([]);
  });
});
