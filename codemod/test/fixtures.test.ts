/**
 * Every fixture site's `before` migrates to exactly its `after`, `after` is a
 * fixed point, and every JS/TS file that comes out still parses. Files the run
 * passes over (ignored, minified, binary, of no interest to the engine) must be
 * identical in `after`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { discover } from '../discover.js';
import { canHandle, transformFile } from '../engine.js';
import { decode, encode, isMinifiedBundle } from '../textfile.js';

const SITES = path.resolve(import.meta.dirname, '../../fixtures/sites');
const SCRIPT_KINDS: Record<string, ts.ScriptKind> = {
  '.js': ts.ScriptKind.JS,
  '.mjs': ts.ScriptKind.JS,
  '.cjs': ts.ScriptKind.JS,
  '.jsx': ts.ScriptKind.JSX,
  '.ts': ts.ScriptKind.TS,
  '.mts': ts.ScriptKind.TS,
  '.cts': ts.ScriptKind.TS,
  '.tsx': ts.ScriptKind.TSX,
};

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return listFiles(dir, rel);
    return entry.isFile() ? [rel] : [];
  });
}

/** The files a run would hand to the engine, relative to `dir`. */
async function engineFiles(dir: string): Promise<Set<string>> {
  const files = new Set<string>();
  for await (const found of discover([dir])) {
    if (found.kind === 'file' && canHandle(found.rel)) files.add(found.rel);
  }
  return files;
}

/** Runs the engine over a file's bytes as migrate would; `null` when the run leaves the file as it is. */
function migrateBytes(rel: string, bytes: Buffer): Buffer | null {
  const decoded = decode(bytes);
  if (!decoded.ok || isMinifiedBundle(rel, decoded.text)) return null;
  const result = transformFile(rel, decoded.text, {});
  return result.output === null ? null : encode(result.output, decoded.encoding);
}

function parseErrors(file: string, text: string): string[] {
  const kind = SCRIPT_KINDS[path.extname(file)];
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  return (sf as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics.map(
    (d) => `${file}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`,
  );
}

const sites = readdirSync(SITES).filter((name) => existsSync(path.join(SITES, name, 'before')) && existsSync(path.join(SITES, name, 'after')));

describe.each(sites)('fixture %s', (site) => {
  const before = path.join(SITES, site, 'before');
  const after = path.join(SITES, site, 'after');

  it('before migrates to exactly after', async () => {
    expect(listFiles(after).sort()).toEqual(listFiles(before).sort());
    const handled = await engineFiles(before);
    let changed = 0;
    for (const rel of listFiles(before)) {
      const input = readFileSync(path.join(before, rel));
      const expected = readFileSync(path.join(after, rel));
      const output = handled.has(rel) ? migrateBytes(rel, input) : null;
      if (output) changed++;
      expect((output ?? input).toString('utf8'), rel).toBe(expected.toString('utf8'));
      expect(Buffer.compare(output ?? input, expected), `${rel} bytes`).toBe(0);
    }
    expect(changed, 'a fixture whose before needs no migration proves nothing').toBeGreaterThan(0);
  });

  it('after is a fixed point', async () => {
    const handled = await engineFiles(after);
    for (const rel of handled) {
      const output = migrateBytes(rel, readFileSync(path.join(after, rel)));
      expect(output?.toString('utf8') ?? null, rel).toBeNull();
    }
  });

  it('every JS/TS file in after parses', () => {
    for (const rel of listFiles(after).filter((f) => SCRIPT_KINDS[path.extname(f)] !== undefined)) {
      expect(parseErrors(rel, readFileSync(path.join(after, rel), 'utf8'))).toEqual([]);
    }
  });
});

describe('damaged fixture files', () => {
  it('cut at several points, they never make the engine throw, and what it writes is a fixed point', async () => {
    for (const site of sites) {
      const before = path.join(SITES, site, 'before');
      for (const rel of await engineFiles(before)) {
        const text = readFileSync(path.join(before, rel), 'utf8');
        if (!/chatra/i.test(text)) continue;
        for (let cut = 1; cut < text.length; cut += Math.ceil(text.length / 5)) {
          for (const damaged of [text.slice(0, cut), text.slice(0, cut) + text.slice(cut + 5)]) {
            const result = transformFile(rel, damaged, {});
            if (result.output !== null) expect(transformFile(rel, result.output, {}).output, `${site}/${rel} cut at ${cut}`).toBeNull();
          }
        }
      }
    }
  });
});
