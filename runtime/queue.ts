/**
 * Replays the calls a loader stub queued on `.q` before the script arrived:
 * once, in call order, each entry an `arguments` object or an array. The old
 * queue's `push` is then redirected, so code holding a reference to it still
 * reaches the widget.
 */
export type Call = (args: unknown[]) => void;

function toArgs(entry: unknown): unknown[] {
  if (typeof entry === 'string') return [entry];
  if (entry && typeof entry === 'object' && typeof (entry as ArrayLike<unknown>).length === 'number') {
    // slice, not Array.from: on 10,000 queued `arguments` objects Array.from's iterator path costs far more.
    return Array.prototype.slice.call(entry as ArrayLike<unknown>);
  }
  return [entry];
}

export function drainQueue(stub: unknown, call: Call): void {
  const q = (stub as { q?: unknown } | null | undefined)?.q;
  if (!Array.isArray(q)) return;
  const entries = q.splice(0);
  q.push = (...items: unknown[]) => {
    for (const item of items) call(toArgs(item));
    return q.length;
  };
  for (const entry of entries) call(toArgs(entry));
}
