/**
 * The widget's real connection: protocol v1 (docs/protocol.md) over a WebSocket.
 * Reconnects with capped, jittered backoff; finds dead sockets by heartbeat and
 * probes at once when the page wakes up; keeps visitor messages in a persisted
 * outbox until acked and resends them with the same id, so a message typed
 * offline or before a reload is stored exactly once. Auto messages ride in the
 * outbox entry of the visitor message they preceded, and share its fate.
 */
import { PROTOCOL_LIMITS, PROTOCOL_VERSION, type ClientFrame, type ServerFrame } from './protocol';
import { localStore, memoryStore, type Store } from './storage';
import type { ChatMessage, HelloInfo, OutgoingMessage, Transport, TransportEvents } from './transport';

export interface WebSocketTransportOptions {
  url: string;
  storage?: Store;
  now?: () => number;
  random?: () => number;
  /** Node has no global WebSocket: tests pass `ws`'s class. */
  WebSocketImpl?: typeof WebSocket;
  /** Source of `online` and `visibilitychange`; the page's window by default. */
  win?: Window;
  pingIntervalMs?: number;
  pongTimeoutMs?: number;
  minDelayMs?: number;
  maxDelayMs?: number;
}

/** Codes after which the same message can never succeed, and ones after which no reconnect can. */
const UNSENDABLE = ['too_long', 'bad_frame'];
const FATAL = ['unsupported_version', 'org_mismatch'];

const utf8Bytes = (s: string) => new TextEncoder().encode(s).length;

/**
 * Drops the auto messages the backend could never store, so they cannot sink the
 * visitor's message with them: too long ones, then the oldest while the frame is too large.
 */
function fit({ auto, ...msg }: OutgoingMessage): OutgoingMessage {
  const kept = (auto ?? []).filter((a) => a.text.length <= PROTOCOL_LIMITS.maxTextLength);
  while (kept.length && utf8Bytes(JSON.stringify({ t: 'msg', ...msg, auto: kept })) > PROTOCOL_LIMITS.maxFrameBytes) kept.shift();
  return kept.length ? { ...msg, auto: kept } : msg;
}

export function createWebSocketTransport(o: WebSocketTransportOptions): Transport {
  const win = o.win ?? (typeof window === 'undefined' ? undefined : window);
  const store = o.storage ?? (win ? localStore(win) : memoryStore());
  const WS = o.WebSocketImpl ?? globalThis.WebSocket;
  const now = o.now ?? Date.now;
  const random = o.random ?? Math.random;
  const pingEvery = o.pingIntervalMs ?? PROTOCOL_LIMITS.pingIntervalMs;
  const pongWait = o.pongTimeoutMs ?? 10_000;
  const minDelay = o.minDelayMs ?? 500;
  const maxDelay = o.maxDelayMs ?? 30_000;

  let hello: HelloInfo | null = null;
  let events: TransportEvents | null = null;
  let ws: WebSocket | null = null;
  let ready = false;
  let closed = false;
  let attempt = 0;
  let lastHeard = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let pingTimer: ReturnType<typeof setInterval> | undefined;
  let pongTimer: ReturnType<typeof setTimeout> | undefined;

  const key = () => `svyazio:outbox:${hello!.orgId}:${hello!.visitorId}`;
  const outbox = (): OutgoingMessage[] => {
    try {
      const list = JSON.parse(store.get(key()) || '[]');
      return Array.isArray(list) ? list : [];
    } catch {
      return [];
    }
  };
  const save = (list: OutgoingMessage[]) => store.set(key(), JSON.stringify(list));
  const unqueue = (id: string) => save(outbox().filter((m) => m.id !== id));

  const send = (frame: ClientFrame) => {
    if (ws && (ready || frame.t === 'hello')) ws.send(JSON.stringify(frame));
  };
  const flush = () => outbox().forEach((m) => send({ t: 'msg', ...m }));

  /** Forgets the socket at once: a dead one may take minutes to report its own close. */
  const drop = (code?: number) => {
    const sock = ws;
    ws = null;
    clearInterval(pingTimer);
    clearTimeout(pongTimer);
    pongTimer = undefined;
    if (!sock) return;
    sock.onopen = sock.onmessage = sock.onclose = null;
    // Not null: closing a socket that is still connecting reports an error, and an unheard one throws in Node's `ws`.
    sock.onerror = () => {};
    try {
      sock.close(code);
    } catch {
      // Already closing.
    }
    if (ready) events?.status(false);
    ready = false;
  };

  const retry = () => {
    if (closed) return;
    clearTimeout(retryTimer);
    retryTimer = setTimeout(open, random() * Math.min(maxDelay, minDelay * 2 ** attempt++));
  };

  const probe = (timeout: number) => {
    send({ t: 'ping' });
    clearTimeout(pongTimer);
    pongTimer = setTimeout(() => {
      drop();
      retry();
    }, timeout);
  };

  const onFrame = (f: ServerFrame) => {
    const ev = events!;
    if (f.t === 'welcome') {
      ready = true;
      attempt = 0;
      const stored = new Set(f.history.map((m) => m.id));
      const pending = outbox().filter((m) => !stored.has(m.id));
      save(pending);
      ev.status(true);
      const unsent = pending.flatMap(({ auto = [], ...m }): ChatMessage[] => [
        ...auto.filter((a) => !stored.has(a.id)).map((a): ChatMessage => ({ ...a, type: 'bot' })),
        { ...m, type: 'client' },
      ]);
      ev.welcome([...f.history, ...unsent], f.agentsOnline);
      flush();
    } else if (f.t === 'ack') {
      unqueue(f.id);
      ev.ack(f.id, f.createdAt);
    } else if (f.t === 'msg') {
      ev.message(f.message);
    } else if (f.t === 'agents') {
      ev.agentsOnline(f.online);
    } else if (f.t === 'error') {
      if (f.ref && UNSENDABLE.includes(f.code)) unqueue(f.ref);
      if (f.code === 'rate_limited') setTimeout(flush, 1000);
      if (FATAL.includes(f.code)) {
        closed = true;
        drop();
      }
    }
  };

  function open() {
    if (closed) return;
    let sock: WebSocket;
    try {
      sock = new WS(o.url);
    } catch {
      return retry();
    }
    ws = sock;
    sock.onopen = () => {
      lastHeard = now();
      send({ t: 'hello', v: PROTOCOL_VERSION, ...hello! });
      pingTimer = setInterval(() => probe(pongWait), pingEvery);
    };
    sock.onmessage = (e: MessageEvent) => {
      lastHeard = now();
      clearTimeout(pongTimer);
      pongTimer = undefined;
      try {
        onFrame(JSON.parse(String(e.data)));
      } catch {
        // A frame we cannot read is skipped; the next welcome resynchronises.
      }
    };
    sock.onclose = () => {
      drop();
      retry();
    };
  }

  /** Back from sleep or offline: check the socket now instead of at the next ping. */
  const wake = () => {
    if (closed || (win && win.document.visibilityState === 'hidden')) return;
    if (!ws) {
      attempt = 0;
      clearTimeout(retryTimer);
      open();
    } else if (ready) {
      if (now() - lastHeard > pingEvery + pongWait) {
        drop();
        open();
      } else probe(Math.min(pongWait, 3000));
    }
  };

  return {
    connect(h, ev) {
      hello = { ...h, integration: { ...h.integration }, page: { ...h.page } };
      events = ev;
      win?.addEventListener('online', wake);
      win?.document.addEventListener('visibilitychange', wake);
      open();
    },
    sendMessage(msg) {
      if (!hello) return;
      msg = fit(msg);
      save([...outbox().filter((m) => m.id !== msg.id), msg]);
      send({ t: 'msg', ...msg });
    },
    setIntegration(data, mode) {
      if (!hello) return;
      const next: Record<string, unknown> = mode === 'set' ? {} : { ...hello.integration };
      for (const k in data) {
        if (data[k] === null && mode === 'merge') delete next[k];
        else next[k] = data[k];
      }
      hello.integration = next;
      // A clientId in the data logs the visitor in; the next hello must carry it too.
      if (typeof data.clientId === 'string') hello.clientId = data.clientId;
      send({ t: 'integration', mode, data });
    },
    pageView(page) {
      if (!hello) return;
      hello.page = { ...page };
      send({ t: 'pageView', page });
    },
    setGroup(groupId) {
      if (!hello) return;
      hello.groupId = groupId;
      send({ t: 'group', groupId });
    },
    analytic(event) {
      send({ t: 'analytic', event });
    },
    close() {
      closed = true;
      clearTimeout(retryTimer);
      win?.removeEventListener('online', wake);
      win?.document.removeEventListener('visibilitychange', wake);
      drop(1000);
    },
  };
}
