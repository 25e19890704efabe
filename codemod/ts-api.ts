import { createRequire } from 'node:module';
import path from 'node:path';
import type { ts } from 'ts-morph';
import { requireWithCodeCache } from './code-cache.js';

let loaded: typeof ts | undefined;

/**
 * The TypeScript API bundled with ts-morph, loaded on first use: loading it
 * costs most of a second, and files the prefilter rejects never need it.
 * ts-morph's copy is loaded directly, found by ts-morph's own resolution:
 * going through `ts-morph` would also load its 3 MB of project machinery,
 * which the engine never uses. The compiled code is cached beside it, in the
 * `node_modules/.cache` of the tree that holds ts-morph.
 */
export function tsApi(): typeof ts {
  if (!loaded) {
    const fromHere = createRequire(import.meta.url);
    let file: string | null;
    try {
      file = createRequire(fromHere.resolve('ts-morph')).resolve('@ts-morph/common/dist/typescript.js');
    } catch {
      // A future ts-morph that lays its files out differently.
      file = null;
    }
    loaded = file ? (requireWithCodeCache(file, cacheDirFor(file), warmParser) as typeof ts) : (fromHere('ts-morph') as { ts: typeof ts }).ts;
  }
  return loaded;
}

const WARM_UP = `
import { a } from './a';
declare global { interface Window { Chatra?: (m: string, ...a: unknown[]) => void } }
export class C<T> extends B implements I { private x = 1; m(p?: T): void { window.Chatra?.('openChat', true); } }
(function (d, w, c) { w[c] = w[c] || function () { (w[c].q = w[c].q || []).push(arguments); }; })(document, window, 'Chatra');
const f = async ({ k }: { k: string }, ...r: number[]) => ({ k, [\`t\${k}\`]: r.map((n) => n * 2) ?? null });
export default function View() { return <div className="x" onClick={() => f({ k: 'a' })}>{a && 'b'}</div>; }
`;

/** Parses and walks some everyday syntax, so the parser's hot paths are in the cache. */
function warmParser(exports: unknown): void {
  const api = exports as typeof ts;
  for (const kind of [api.ScriptKind.TSX, api.ScriptKind.JS]) {
    const sf = api.createSourceFile(`warm.${kind}`, WARM_UP, api.ScriptTarget.Latest, true, kind);
    const visit = (node: ts.Node): void => {
      node.getStart(sf);
      api.forEachChild(node, visit);
    };
    visit(sf);
  }
}

/** `…/node_modules/.cache/svyazio-migrate` for `…/node_modules/@ts-morph/common/dist/typescript.js`. */
function cacheDirFor(file: string): string {
  const parts = file.split(path.sep);
  const top = parts.lastIndexOf('node_modules');
  const base = top > 0 ? parts.slice(0, top + 1).join(path.sep) : path.dirname(file);
  return path.join(base, '.cache', 'svyazio-migrate');
}
