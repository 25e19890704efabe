/**
 * The protocol v1 backend (docs/protocol.md): visitor sockets at /widget/ws and
 * operator-console sockets at /__svyazio/ws, both on a `ws` server sharing the
 * preview's HTTP server. Every frame is validated before it touches state, and
 * nothing a client sends can throw out of a handler.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { PROTOCOL_LIMITS, PROTOCOL_VERSION, WIDGET_WS_PATH, type ErrorCode, type ServerFrame } from '../../runtime/protocol';
import type { ChatMessage, LocalMessage } from '../../runtime/transport';
import { conversationKey, visitorKey, type ConversationStore, type Page, type Visitor } from './store';

export const OPERATOR_WS_PATH = '/__svyazio/ws';

/** The WebSocket layer refuses anything larger outright; up to it we answer `too_large`. */
const HARD_MAX_PAYLOAD = 64 * 1024;
const MAX_ID = 200;

export interface BackendOptions {
  store: ConversationStore;
  /** Orgs this backend serves; any org when absent. */
  orgs?: readonly string[];
  now?: () => number;
  /** Sockets silent this long are closed (default: three ping intervals). */
  idleMs?: number;
  log?: (line: string) => void;
  /** The interface the server listens on: a console may also reach it by that name. */
  host?: string;
}

export interface VisitorView extends Visitor {
  connected: boolean;
}

type OperatorFrame =
  | { t: 'state'; agentsOnline: boolean; visitors: VisitorView[]; conversations: Array<{ key: string; orgId: string; messages: ChatMessage[] }> }
  | { t: 'visitor'; visitor: VisitorView }
  | { t: 'conversation'; key: string; orgId: string; messages: ChatMessage[] }
  | { t: 'msg'; conversation: string; message: ChatMessage }
  | { t: 'agents'; online: boolean }
  | { t: 'error'; code: string; message: string };

interface VisitorConn {
  ws: WebSocket;
  orgId?: string;
  visitorId?: string;
  conversation?: string;
  tokens: number;
  refilledAt: number;
  /** Whether this empty bucket was already reported, so a flood gets one error, not one per frame. */
  limitReported: boolean;
  lastSeen: number;
}

class FrameError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly ref?: string,
  ) {
    super(message);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function str(frame: Record<string, unknown>, key: string, max = MAX_ID): string {
  const v = frame[key];
  if (typeof v !== 'string' || v.length === 0 || v.length > max) throw new FrameError('bad_frame', `"${key}" must be a non-empty string of at most ${max} characters`);
  return v;
}

function optionalStr(frame: Record<string, unknown>, key: string): string | undefined {
  return frame[key] === undefined || frame[key] === null ? undefined : str(frame, key);
}

function messageText(text: unknown, ref: string): string {
  if (typeof text !== 'string' || !text.trim()) throw new FrameError('bad_frame', '"text" must be a non-empty string', ref);
  if (text.length > PROTOCOL_LIMITS.maxTextLength) throw new FrameError('too_long', `messages are limited to ${PROTOCOL_LIMITS.maxTextLength} characters`, ref);
  return text;
}

/** `msg.auto`: the `sendAutoMessage` texts shown before the visitor's message, oldest first. */
function autoMessages(auto: unknown, ref: string): LocalMessage[] {
  if (auto === undefined) return [];
  if (!Array.isArray(auto)) throw new FrameError('bad_frame', '"auto" must be an array', ref);
  return auto.map((a: unknown) => {
    if (!isObject(a) || typeof a.id !== 'string' || !a.id || a.id.length > MAX_ID || typeof a.createdAt !== 'number' || !Number.isFinite(a.createdAt)) {
      throw new FrameError('bad_frame', '"auto" entries need an id, text and numeric createdAt', ref);
    }
    return { id: a.id, text: messageText(a.text, ref), createdAt: a.createdAt };
  });
}

function obj(frame: Record<string, unknown>, key: string): Record<string, unknown> {
  const v = frame[key];
  if (!isObject(v)) throw new FrameError('bad_frame', `"${key}" must be an object`);
  return v;
}

function page(frame: Record<string, unknown>): Page {
  const p = obj(frame, 'page');
  const text = (key: string, required: boolean) => {
    const v = p[key];
    if (v === undefined && !required) return undefined;
    if (typeof v !== 'string' || v.length > 2048) throw new FrameError('bad_frame', `"page.${key}" must be a string`);
    return v;
  };
  const referrer = text('referrer', false);
  return { url: text('url', true)!, title: text('title', true)!, ...(referrer ? { referrer } : {}) };
}

export class Backend {
  readonly visitorServer = new WebSocketServer({ noServer: true, maxPayload: HARD_MAX_PAYLOAD });
  readonly operatorServer = new WebSocketServer({ noServer: true, maxPayload: HARD_MAX_PAYLOAD });
  agentsOnline = true;
  private readonly store: ConversationStore;
  private readonly now: () => number;
  private readonly log: (line: string) => void;
  private readonly conns = new Set<VisitorConn>();
  private readonly byConversation = new Map<string, Set<VisitorConn>>();
  private readonly connectedVisitors = new Map<string, number>();
  private readonly operators = new Set<WebSocket>();
  private readonly sweep: NodeJS.Timeout;

  constructor(private readonly options: BackendOptions) {
    this.store = options.store;
    this.now = options.now ?? Date.now;
    this.log = options.log ?? (() => {});
    this.visitorServer.on('connection', (ws) => this.acceptVisitor(ws));
    this.operatorServer.on('connection', (ws) => this.acceptOperator(ws));
    const idleMs = options.idleMs ?? PROTOCOL_LIMITS.pingIntervalMs * 3;
    this.sweep = setInterval(() => this.closeIdle(idleMs), Math.min(idleMs, PROTOCOL_LIMITS.pingIntervalMs));
    this.sweep.unref();
  }

  /** Routes an HTTP upgrade; returns false when the path is not ours. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const path = (req.url ?? '').split('?')[0];
    if (path === WIDGET_WS_PATH) {
      this.visitorServer.handleUpgrade(req, socket, head, (ws) => this.visitorServer.emit('connection', ws, req));
      return true;
    }
    if (path === OPERATOR_WS_PATH) {
      // Only the console page itself may connect: a page on another site must not read conversations,
      // neither directly (Origin) nor through a domain rebound to this machine (Host).
      const origin = req.headers.origin;
      const host = req.headers.host ?? '';
      if (!operatorHost(host, this.options.host) || (origin !== undefined && safeHost(origin) !== host)) {
        socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
        return true;
      }
      this.operatorServer.handleUpgrade(req, socket, head, (ws) => this.operatorServer.emit('connection', ws, req));
      return true;
    }
    return false;
  }

  setAgentsOnline(online: boolean): void {
    this.agentsOnline = online;
    for (const conns of this.byConversation.values()) for (const c of conns) send(c.ws, { t: 'agents', online });
    this.toOperators({ t: 'agents', online });
  }

  /** Sends an agent or bot message into a conversation, as the console's reply box does. */
  reply(conversation: string, text: string, type: 'agent' | 'bot' = 'agent'): ChatMessage {
    const conv = this.store.allConversations().find((c) => c.key === conversation);
    const visitor = conv ? undefined : this.store.visitors().find((v) => v.conversation === conversation);
    const orgId = conv?.orgId ?? visitor?.orgId;
    if (orgId === undefined) throw new FrameError('bad_frame', 'unknown conversation');
    if (!text.trim()) throw new FrameError('bad_frame', 'a reply needs text');
    if (text.length > PROTOCOL_LIMITS.maxTextLength) throw new FrameError('too_long', `replies are limited to ${PROTOCOL_LIMITS.maxTextLength} characters`);
    const message: ChatMessage = { id: `op-${randomUUID()}`, text, createdAt: this.now(), type, ...(type === 'agent' ? { author: 'Operator' } : {}) };
    this.store.addMessage(conversation, orgId, message);
    for (const c of this.byConversation.get(conversation) ?? []) send(c.ws, { t: 'msg', message });
    this.toOperators({ t: 'msg', conversation, message });
    return message;
  }

  async close(): Promise<void> {
    clearInterval(this.sweep);
    for (const server of [this.visitorServer, this.operatorServer]) {
      for (const ws of server.clients) ws.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  private acceptVisitor(ws: WebSocket): void {
    const conn: VisitorConn = { ws, tokens: PROTOCOL_LIMITS.rateBurst, refilledAt: this.now(), limitReported: false, lastSeen: this.now() };
    this.conns.add(conn);
    ws.on('error', (err) => this.log(`visitor socket error: ${err.message}`));
    ws.on('message', (data, isBinary) => {
      try {
        this.onVisitorFrame(conn, data, isBinary);
      } catch (err) {
        const e = err instanceof FrameError ? err : new FrameError('internal', 'the server could not handle this frame');
        if (!(err instanceof FrameError)) this.log(`internal error: ${(err as Error).stack ?? err}`);
        send(ws, { t: 'error', code: e.code, message: e.message, ...(e.ref ? { ref: e.ref } : {}) });
        if (e.code === 'unsupported_version') ws.close(1002, e.code);
        if (e.code === 'org_mismatch') ws.close(1008, e.code);
      }
    });
    ws.on('close', () => {
      this.conns.delete(conn);
      this.detach(conn);
    });
  }

  private takeToken(conn: VisitorConn): boolean {
    const now = this.now();
    conn.tokens = Math.min(PROTOCOL_LIMITS.rateBurst, conn.tokens + ((now - conn.refilledAt) / 1000) * PROTOCOL_LIMITS.ratePerSecond);
    conn.refilledAt = now;
    if (conn.tokens >= 1) {
      conn.tokens -= 1;
      conn.limitReported = false;
      return true;
    }
    return false;
  }

  private onVisitorFrame(conn: VisitorConn, data: RawData, isBinary: boolean): void {
    conn.lastSeen = this.now();
    if (!this.takeToken(conn)) {
      if (conn.limitReported) return;
      conn.limitReported = true;
      throw new FrameError('rate_limited', `more than ${PROTOCOL_LIMITS.ratePerSecond} frames per second`);
    }
    const buf = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    if (buf.byteLength > PROTOCOL_LIMITS.maxFrameBytes) throw new FrameError('too_large', `frames are limited to ${PROTOCOL_LIMITS.maxFrameBytes} bytes`);
    if (isBinary) throw new FrameError('bad_frame', 'binary frames are not supported');
    let frame: unknown;
    try {
      frame = JSON.parse(buf.toString('utf8'));
    } catch {
      throw new FrameError('bad_json', 'frame is not valid JSON');
    }
    if (!isObject(frame) || typeof frame.t !== 'string') throw new FrameError('bad_frame', 'a frame is an object with a string "t"');
    if (frame.t === 'ping') return send(conn.ws, { t: 'pong' });
    if (frame.t === 'hello') return this.onHello(conn, frame);
    const known = ['msg', 'integration', 'pageView', 'group', 'analytic'];
    if (!known.includes(frame.t)) throw new FrameError('unknown_type', `unknown frame type "${frame.t.slice(0, 40)}"`);
    if (!conn.conversation) throw new FrameError('hello_required', 'send hello first');
    const visitor = this.store.visitor(conn.orgId!, conn.visitorId!)!;
    switch (frame.t) {
      case 'msg':
        return this.onMessage(conn, frame);
      case 'integration': {
        const data = obj(frame, 'data');
        if (frame.mode === 'set') visitor.integration = data;
        else if (frame.mode === 'merge') visitor.integration = mergeIntegration(visitor.integration, data);
        else throw new FrameError('bad_frame', '"mode" must be "set" or "merge"');
        // The spec's login example passes clientId inside the integration data.
        const clientId = data.clientId;
        if (typeof clientId === 'string' && clientId && clientId.length <= MAX_ID && clientId !== visitor.clientId) {
          return this.switchClient(conn, visitor, clientId);
        }
        return this.saveVisitor(visitor);
      }
      case 'pageView': {
        visitor.page = page(frame);
        visitor.pageViews.push({ url: visitor.page.url, title: visitor.page.title, at: this.now() });
        return this.saveVisitor(visitor);
      }
      case 'group': {
        if (frame.groupId !== null && typeof frame.groupId !== 'string') throw new FrameError('bad_frame', '"groupId" must be a string or null');
        visitor.groupId = frame.groupId === null ? null : str(frame, 'groupId');
        return this.saveVisitor(visitor);
      }
      case 'analytic':
        this.log(`analytic ${str(frame, 'event', 100)} from ${visitor.visitorId}`);
        return;
    }
  }

  private onHello(conn: VisitorConn, frame: Record<string, unknown>): void {
    if (typeof frame.v !== 'number' || Math.trunc(frame.v) !== PROTOCOL_VERSION) {
      throw new FrameError('unsupported_version', `this server speaks protocol v${PROTOCOL_VERSION}`);
    }
    const orgId = str(frame, 'orgId');
    if ((conn.orgId !== undefined && conn.orgId !== orgId) || (this.options.orgs && !this.options.orgs.includes(orgId))) {
      throw new FrameError('org_mismatch', `org "${orgId.slice(0, 40)}" is not served on this connection`);
    }
    const visitorId = str(frame, 'visitorId');
    const clientId = optionalStr(frame, 'clientId');
    const groupId = optionalStr(frame, 'groupId') ?? null;
    const integration = frame.integration === undefined ? {} : obj(frame, 'integration');
    const current = page(frame);
    const locale = typeof frame.locale === 'string' ? frame.locale.slice(0, 35) : '';

    const key = conversationKey(orgId, visitorId, clientId);
    const previous = this.store.visitor(orgId, visitorId);
    const merged = clientId !== undefined && this.store.merge(conversationKey(orgId, visitorId), key, orgId);
    const pageViews = previous?.pageViews ?? [];
    if (pageViews.at(-1)?.url !== current.url) pageViews.push({ url: current.url, title: current.title, at: this.now() });

    this.attach(conn, orgId, visitorId, key);

    const visitor: Visitor = { orgId, visitorId, ...(clientId ? { clientId } : {}), groupId, integration, page: current, locale, pageViews, lastSeen: this.now(), conversation: key };
    send(conn.ws, { t: 'welcome', v: PROTOCOL_VERSION, visitorId, history: this.store.history(key), agentsOnline: this.agentsOnline });
    this.saveVisitor(visitor);
    if (merged) this.toOperators({ t: 'conversation', key, orgId, messages: this.store.history(key) });
  }

  /** Logged in mid-connection: move to the clientId conversation and resend the welcome with its history. */
  private switchClient(conn: VisitorConn, visitor: Visitor, clientId: string): void {
    const key = conversationKey(visitor.orgId, visitor.visitorId, clientId);
    const merged = visitor.clientId === undefined && this.store.merge(visitor.conversation, key, visitor.orgId);
    this.attach(conn, visitor.orgId, visitor.visitorId, key);
    Object.assign(visitor, { clientId, conversation: key });
    send(conn.ws, { t: 'welcome', v: PROTOCOL_VERSION, visitorId: visitor.visitorId, history: this.store.history(key), agentsOnline: this.agentsOnline });
    this.saveVisitor(visitor);
    if (merged) this.toOperators({ t: 'conversation', key, orgId: visitor.orgId, messages: this.store.history(key) });
  }

  private attach(conn: VisitorConn, orgId: string, visitorId: string, key: string): void {
    this.detach(conn);
    Object.assign(conn, { orgId, visitorId, conversation: key });
    let conns = this.byConversation.get(key);
    if (!conns) this.byConversation.set(key, (conns = new Set()));
    conns.add(conn);
    const vkey = visitorKey(orgId, visitorId);
    this.connectedVisitors.set(vkey, (this.connectedVisitors.get(vkey) ?? 0) + 1);
  }

  /**
   * A visitor message, preceded by the auto messages the visitor saw before writing it. All are
   * checked before any is stored; a resend finds them stored already and stores nothing again.
   */
  private onMessage(conn: VisitorConn, frame: Record<string, unknown>): void {
    const id = str(frame, 'id');
    const text = messageText(frame.text, id);
    const auto = autoMessages(frame.auto, id);
    const key = conn.conversation!;
    const now = this.now();
    // Shown after the visitor's previous message and before this one: their clock may be off, ours decides.
    let floor = 0;
    for (const m of this.store.history(key)) if (m.type === 'client') floor = m.createdAt;
    for (const a of auto) this.addVisitorMessage(conn, { ...a, createdAt: Math.min(now, Math.max(floor, a.createdAt)), type: 'bot' });
    const message = this.addVisitorMessage(conn, { id, text, createdAt: now, type: 'client' });
    send(conn.ws, { t: 'ack', id, createdAt: message.createdAt });
  }

  /** Stores a message from the visitor's socket and passes it on, unless it was stored before. */
  private addVisitorMessage(conn: VisitorConn, m: ChatMessage): ChatMessage {
    const key = conn.conversation!;
    const { message, duplicate } = this.store.addMessage(key, conn.orgId!, m);
    if (duplicate) return message;
    for (const other of this.byConversation.get(key) ?? []) if (other !== conn) send(other.ws, { t: 'msg', message });
    this.toOperators({ t: 'msg', conversation: key, message });
    return message;
  }

  private saveVisitor(visitor: Visitor): void {
    visitor.lastSeen = this.now();
    this.store.saveVisitor(visitor);
    this.toOperators({ t: 'visitor', visitor: this.view(visitor) });
  }

  private view(visitor: Visitor): VisitorView {
    return { ...visitor, connected: (this.connectedVisitors.get(visitorKey(visitor.orgId, visitor.visitorId)) ?? 0) > 0 };
  }

  private detach(conn: VisitorConn): void {
    if (!conn.conversation) return;
    const conns = this.byConversation.get(conn.conversation);
    conns?.delete(conn);
    if (conns?.size === 0) this.byConversation.delete(conn.conversation);
    const vkey = visitorKey(conn.orgId!, conn.visitorId!);
    const left = (this.connectedVisitors.get(vkey) ?? 1) - 1;
    if (left > 0) this.connectedVisitors.set(vkey, left);
    else this.connectedVisitors.delete(vkey);
    const visitor = this.store.visitor(conn.orgId!, conn.visitorId!);
    conn.conversation = undefined;
    if (visitor) this.toOperators({ t: 'visitor', visitor: this.view(visitor) });
  }

  private closeIdle(idleMs: number): void {
    const cutoff = this.now() - idleMs;
    for (const conn of this.conns) if (conn.lastSeen < cutoff) conn.ws.terminate();
  }

  private acceptOperator(ws: WebSocket): void {
    this.operators.add(ws);
    ws.on('error', (err) => this.log(`console socket error: ${err.message}`));
    ws.on('close', () => this.operators.delete(ws));
    send(ws, {
      t: 'state',
      agentsOnline: this.agentsOnline,
      visitors: this.store.visitors().map((v) => this.view(v)),
      conversations: this.store.allConversations().map(({ key, orgId, messages }) => ({ key, orgId, messages })),
    });
    ws.on('message', (data) => {
      try {
        const frame: unknown = JSON.parse(String(data));
        if (!isObject(frame)) throw new FrameError('bad_frame', 'a frame is an object');
        if (frame.t === 'agents') return this.setAgentsOnline(frame.online === true);
        if (frame.t !== 'reply') throw new FrameError('unknown_type', 'expected "reply" or "agents"');
        const text = frame.text;
        if (typeof text !== 'string') throw new FrameError('bad_frame', '"text" must be a string');
        this.reply(str(frame, 'conversation', 1000), text, frame.type === 'bot' ? 'bot' : 'agent');
      } catch (err) {
        const e = err instanceof FrameError ? err : err instanceof SyntaxError ? new FrameError('bad_json', 'frame is not valid JSON') : new FrameError('internal', String(err));
        send(ws, { t: 'error', code: e.code, message: e.message });
      }
    });
  }

  private toOperators(frame: OperatorFrame): void {
    for (const ws of this.operators) send(ws, frame);
  }
}

function safeHost(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

/** Loopback names and IP literals cannot be rebound by a hostile DNS; other names only if we listen on them. */
function operatorHost(hostHeader: string, listening?: string): boolean {
  const name = hostHeader.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
  return name === 'localhost' || /^[\d.]+$/.test(name) || name.includes(':') || name === listening;
}

/** `updateIntegrationData`: fields merge, a `null` value deletes the field. */
export function mergeIntegration(current: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const next = { ...current };
  for (const [k, v] of Object.entries(patch)) {
    // JSON.parse makes "__proto__" an own key; assigning it would swap the object's prototype.
    if (k === '__proto__') continue;
    if (v === null) delete next[k];
    else next[k] = v;
  }
  return next;
}

function send(ws: WebSocket, frame: ServerFrame | OperatorFrame): void {
  if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
}
