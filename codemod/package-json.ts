/**
 * The npm rule: the `@chatra/chatra` dependency entry (or an older wrapper with
 * the same API) becomes this package, as a text splice so key order,
 * indentation and the trailing newline survive. Wrappers with no port are reported.
 */
import pkg from '../package.json' with { type: 'json' };
import { LEGACY_NPM_MODULES, NPM_MODULES, UNPORTED_NPM_WRAPPERS } from '../runtime/surface.js';
import type { Edit, Finding } from './types.js';

const DEPENDENCY_FIELDS = new Set(['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']);

export interface PackageJsonResult {
  edits: Edit[];
  findings: Finding[];
  parseError?: string;
}

/** A member `"key": value` of an object, with the spans the rule needs. */
interface Member {
  key: string;
  keyStart: number;
  valueEnd: number;
}

interface ObjectSpan {
  members: Member[];
}

export function rewritePackageJson(text: string): PackageJsonResult {
  try {
    JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    return { edits: [], findings: [], parseError: `package.json: ${(error as Error).message}` };
  }
  if (!/chatra/.test(text)) return { edits: [], findings: [] };

  const edits: Edit[] = [];
  const findings: Finding[] = [];
  const replacement = `"${NPM_MODULES.package}": "^${pkg.version}"`;
  for (const deps of dependencyObjects(text)) {
    for (const wrapper of deps.members.filter((m) => UNPORTED_NPM_WRAPPERS.includes(m.key))) {
      findings.push({
        kind: 'todo',
        rule: 'npm',
        message: `${wrapper.key} loads chatra.js itself and has no Svyazio port: remove it and install the Svyazio snippet`,
        offset: wrapper.keyStart,
      });
    }
    // One entry becomes this package; a second Chatra wrapper next to it is only reported, to keep keys unique.
    const chatra = deps.members.filter((m) => m.key === NPM_MODULES.chatra || LEGACY_NPM_MODULES.includes(m.key));
    const entry = chatra.find((m) => m.key === NPM_MODULES.chatra) ?? chatra[0];
    for (const other of chatra.filter((m) => m !== entry)) {
      findings.push({ kind: 'todo', rule: 'npm', message: `${other.key} is a Chatra wrapper: remove it, ${NPM_MODULES.package} replaces it`, offset: other.keyStart });
    }
    if (!entry) continue;
    const index = deps.members.indexOf(entry);
    if (deps.members.some((m) => m.key === NPM_MODULES.package)) {
      edits.push({ ...removalSpan(text, deps.members, index), text: '', rule: 'npm' });
    } else {
      edits.push({ start: entry.keyStart, end: entry.valueEnd, text: replacement, rule: 'npm' });
    }
    findings.push({
      kind: 'todo',
      rule: 'npm',
      message: `${entry.key} replaced by ${NPM_MODULES.package}: run npm install`,
      offset: entry.keyStart,
    });
  }
  return { edits, findings };
}

/** Removes a member with its separating comma, so the object stays valid JSON. */
function removalSpan(text: string, members: Member[], index: number): { start: number; end: number } {
  const member = members[index];
  if (index > 0) {
    // From the end of the previous member: `, "key": value`.
    return { start: members[index - 1].valueEnd, end: member.valueEnd };
  }
  const next = members[index + 1];
  // First member: drop it, its comma and the whitespace before the next key.
  return { start: member.keyStart, end: next ? next.keyStart : member.valueEnd };
}

/** The top-level dependency objects of a valid JSON text, found by a small scanner. */
function dependencyObjects(text: string): ObjectSpan[] {
  let pos = 0;
  const found: ObjectSpan[] = [];

  const skipSpace = (): void => {
    while (pos < text.length && /[\s\ufeff]/.test(text[pos])) pos++;
  };
  const readString = (): string => {
    const start = pos;
    pos++;
    while (text[pos] !== '"') pos += text[pos] === '\\' ? 2 : 1;
    pos++;
    return JSON.parse(text.slice(start, pos)) as string;
  };
  // Reads any value; a dependency object directly under the root is recorded.
  const readValue = (depth: number, key: string | null): void => {
    skipSpace();
    const ch = text[pos];
    if (ch === '"') {
      readString();
    } else if (ch === '{') {
      pos++;
      const members: Member[] = [];
      skipSpace();
      while (text[pos] !== '}') {
        const keyStart = pos;
        const memberKey = readString();
        skipSpace();
        pos++; // ':'
        readValue(depth + 1, memberKey);
        members.push({ key: memberKey, keyStart, valueEnd: pos });
        skipSpace();
        if (text[pos] === ',') pos++;
        skipSpace();
      }
      pos++;
      if (depth === 1 && key !== null && DEPENDENCY_FIELDS.has(key)) found.push({ members });
    } else if (ch === '[') {
      pos++;
      skipSpace();
      while (text[pos] !== ']') {
        readValue(depth + 1, null);
        skipSpace();
        if (text[pos] === ',') pos++;
        skipSpace();
      }
      pos++;
    } else {
      while (pos < text.length && /[^\s,}\]]/.test(text[pos])) pos++;
    }
  };
  readValue(0, null);
  return found;
}
