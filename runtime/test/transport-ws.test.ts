import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { runPreview, type Preview } from '../../cli/preview';
import { PROTOCOL_LIMITS } from '../protocol';
import { memoryStore, type Store } from '../storage';
import type { ChatMessage, HelloInfo, Transport, TransportEvents } from '../transport';
import { createWebSocketTransport, type WebSocketTransportOptions } from '../transport-ws';

let site: string;
let storeDir: string;
let preview: Preview | null = null;
let port = 0;
const transports: Transport[] = [];

const hello = (over: Partial<HelloInfo> = {}): HelloInfo => ({
  orgId: 'org-a',
  visitorId: 'v1',
  integration: { name: 'Ann' },
  page: { url: 'http://site.test/', title: 'Home' },
  locale: 'en',
  ...over,
});

/** Records what the transport reports, and lets a test wait for it. */
function recorder() {
  const log = { welcomes: [] as ChatMessage[][], messages: [] as ChatMessage[], acks: [] as string[], online: [] as boolean[], status: [] as boolean[] };
  const events: TransportEvents = {
    welcome: (history, online) => {
      log.welcomes.push(history);
      log.online.push(online);
    },
    message: (m) => log.messages.push(m),
    ack: (id) => log.acks.push(id),
    agentsOnline: (online) => log.online.push(online),
    status: (connected) => log.status.push(connected),
  };
  return { log, events };
}

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function startServer(orgs?: string[]): Promise<Preview> {
  preview = await runPreview({ dir: site, port, storeDir, log: () => {}, orgs });
  port = Number(new URL(preview.url).port);
  return preview;
}

async function stopServer(): Promise<void> {
  await preview?.close();
  preview = null;
}

function transport(storage: Store, extra: Partial<WebSocketTransportOptions> = {}): Transport {
  const t = createWebSocketTransport({
    url: `ws://127.0.0.1:${port}/widget/ws`,
    storage,
    WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket,
    minDelayMs: 20,
    maxDelayMs: 100,
    ...extra,
  });
  transports.push(t);
  return t;
}

function history(p: Preview, clientOrVisitor = 'v:v1'): ChatMessage[] {
  return p.backend['store'].history(`org-a/${clientOrVisitor}`);
}

beforeEach(() => {
  site = mkdtempSync(join(tmpdir(), 'svz-site-'));
  storeDir = mkdtempSync(join(tmpdir(), 'svz-store-'));
  port = 0;
});

afterEach(async () => {
  transports.splice(0).forEach((t) => t.close());
  await stopServer();
  rmSync(site, { recursive: true, force: true });
  rmSync(storeDir, { recursive: true, force: true });
});

describe('WebSocket transport against the preview backend', () => {
  it('says hello, gets history and acks, and clears the outbox once acked', async () => {
    const p = await startServer();
    const storage = memoryStore();
    const { log, events } = recorder();
    const t = transport(storage);
    t.connect(hello(), events);
    await until(() => log.welcomes.length === 1);
    expect(log.online).toEqual([true]);
    expect(log.status).toEqual([true]);
    t.sendMessage({ id: 'm1', text: 'hi', createdAt: 1 });
    expect(JSON.parse(storage.get('svyazio:outbox:org-a:v1')!)).toHaveLength(1);
    await until(() => log.acks.includes('m1'));
    expect(JSON.parse(storage.get('svyazio:outbox:org-a:v1')!)).toEqual([]);
    const reply = p.backend.reply('org-a/v:v1', 'hello from agent');
    await until(() => log.messages.length === 1);
    expect(log.messages[0]).toMatchObject({ id: reply.id, text: 'hello from agent', type: 'agent' });
    p.backend.setAgentsOnline(false);
    await until(() => log.online.at(-1) === false);
  });

  it('keeps a message typed while the server is down and after a reload, and stores it once', async () => {
    await startServer();
    await stopServer();
    const storage = memoryStore();
    const first = transport(storage);
    first.connect(hello(), recorder().events);
    first.sendMessage({ id: 'offline-1', text: 'typed offline', createdAt: 1 });
    first.close();
    // A reload: a fresh transport over the same storage, and the server is back.
    const p = await startServer();
    const { log, events } = recorder();
    transport(storage).connect(hello(), events);
    await until(() => log.acks.includes('offline-1'));
    expect(log.welcomes[0].map((m) => m.id)).toEqual(['offline-1']);
    expect(history(p).map((m) => m.text)).toEqual(['typed offline']);
    expect(JSON.parse(storage.get('svyazio:outbox:org-a:v1')!)).toEqual([]);
  });

  it('carries auto messages in the outbox with their visitor message, across a reload, stored once before it', async () => {
    await startServer();
    await stopServer();
    const storage = memoryStore();
    const first = transport(storage);
    first.connect(hello(), recorder().events);
    const auto = [
      { id: 'a1', text: 'Need help?', createdAt: 1 },
      { id: 'a2', text: 'Ask away', createdAt: 2 },
    ];
    first.sendMessage({ id: 'm1', text: 'yes', createdAt: 3, auto });
    first.close();
    const p = await startServer();
    const { log, events } = recorder();
    const reloaded = transport(storage);
    reloaded.connect(hello(), events);
    await until(() => log.acks.includes('m1'));
    // The reloaded widget shows what it cannot have seen from history yet: the auto messages, then the reply.
    expect(log.welcomes[0].map((m) => [m.id, m.type])).toEqual([
      ['a1', 'bot'],
      ['a2', 'bot'],
      ['m1', 'client'],
    ]);
    expect(history(p).map((m) => [m.id, m.type, m.text])).toEqual([
      ['a1', 'bot', 'Need help?'],
      ['a2', 'bot', 'Ask away'],
      ['m1', 'client', 'yes'],
    ]);
    expect(JSON.parse(storage.get('svyazio:outbox:org-a:v1')!)).toEqual([]);
    // A lost ack: the same entry resent on the next connect is not stored again.
    storage.set('svyazio:outbox:org-a:v1', JSON.stringify([{ id: 'm1', text: 'yes', createdAt: 3, auto }]));
    const again = recorder();
    transport(storage).connect(hello(), again.events);
    await until(() => again.log.welcomes.length === 1);
    expect(again.log.welcomes[0].map((m) => m.id)).toEqual(['a1', 'a2', 'm1']);
    expect(history(p)).toHaveLength(3);
    expect(log.messages).toEqual([]);
  });

  it('leaves behind auto messages the backend would refuse, never the visitor message', async () => {
    const p = await startServer();
    const { log, events } = recorder();
    const t = transport(memoryStore());
    t.connect(hello(), events);
    await until(() => log.welcomes.length === 1);
    const big = '€'.repeat(PROTOCOL_LIMITS.maxTextLength);
    t.sendMessage({
      id: 'm1',
      text: 'hi',
      createdAt: 5,
      auto: [
        { id: 'old', text: big, createdAt: 1 },
        { id: 'long', text: 'x'.repeat(PROTOCOL_LIMITS.maxTextLength + 1), createdAt: 2 },
        { id: 'mid', text: big, createdAt: 3 },
        { id: 'new', text: big, createdAt: 4 },
      ],
    });
    await until(() => log.acks.includes('m1'));
    // Two texts of 4000 euro signs (12 KB each) cannot share a 16 KB frame: the oldest go.
    expect(history(p).map((m) => m.id)).toEqual(['new', 'm1']);
  });

  it('does not resend what history already holds (the ack was lost)', async () => {
    const p = await startServer();
    const { log, events } = recorder();
    const a = transport(memoryStore());
    a.connect(hello(), events);
    await until(() => log.welcomes.length === 1);
    a.sendMessage({ id: 'stored', text: 'already there', createdAt: 1 });
    await until(() => log.acks.includes('stored'));
    const storage = memoryStore();
    storage.set('svyazio:outbox:org-a:v1', JSON.stringify([{ id: 'stored', text: 'already there', createdAt: 1 }]));
    const second = recorder();
    transport(storage).connect(hello(), second.events);
    await until(() => second.log.welcomes.length === 1);
    expect(second.log.welcomes[0].map((m) => m.id)).toEqual(['stored']);
    expect(storage.get('svyazio:outbox:org-a:v1')).toBe('[]');
    expect(history(p)).toHaveLength(1);
  });

  it('reconnects after a server restart and delivers every message exactly once', async () => {
    await startServer();
    const { log, events } = recorder();
    const t = transport(memoryStore());
    t.connect(hello({ clientId: 'user_1' }), events);
    await until(() => log.welcomes.length === 1);
    t.sendMessage({ id: 'a', text: 'one', createdAt: 1 });
    await until(() => log.acks.includes('a'));
    await stopServer();
    await until(() => log.status.at(-1) === false);
    t.sendMessage({ id: 'b', text: 'two', createdAt: 2 });
    t.setIntegration({ plan: 'pro', name: null }, 'merge');
    t.setGroup('vip');
    t.pageView({ url: 'http://site.test/pricing', title: 'Pricing' });
    const p = await startServer();
    await until(() => log.acks.includes('b'));
    t.sendMessage({ id: 'c', text: 'three', createdAt: 3 });
    await until(() => log.acks.includes('c'));
    expect(history(p, 'c:user_1').map((m) => m.id)).toEqual(['a', 'b', 'c']);
    expect(log.welcomes[1].map((m) => m.id)).toEqual(['a', 'b']);
    // Changes made while offline arrived with the new hello.
    expect(p.backend['store'].visitor('org-a', 'v1')).toMatchObject({ integration: { plan: 'pro' }, groupId: 'vip', page: { url: 'http://site.test/pricing' } });
  });

  it('sends integration, page views and group changes live', async () => {
    const p = await startServer();
    const { log, events } = recorder();
    const t = transport(memoryStore());
    t.connect(hello(), events);
    await until(() => log.welcomes.length === 1);
    t.setIntegration({ email: 'a@b.c' }, 'set');
    t.pageView({ url: 'http://site.test/spa/route', title: 'Route' });
    t.setGroup('sales');
    t.analytic('chatOpened');
    const store = p.backend['store'];
    await until(() => store.visitor('org-a', 'v1')?.groupId === 'sales');
    expect(store.visitor('org-a', 'v1')).toMatchObject({ integration: { email: 'a@b.c' }, page: { url: 'http://site.test/spa/route' } });
    // Logging in through integration data: a fresh welcome now, and the clientId in later hellos.
    t.setIntegration({ clientId: 'user_9' }, 'merge');
    await until(() => log.welcomes.length === 2);
    p.backend.reply('org-a/c:user_9', 'welcome back');
    await until(() => log.messages.length === 1);
    p.backend.visitorServer.clients.forEach((ws) => ws.terminate());
    await until(() => log.welcomes.length === 3);
    expect(store.visitor('org-a', 'v1')).toMatchObject({ clientId: 'user_9', conversation: 'org-a/c:user_9' });
    expect(log.welcomes[2].map((m) => m.text)).toEqual(['welcome back']);
  });

  it('closes for good: the server sees the disconnect and no reconnect follows', async () => {
    const p = await startServer();
    const { log, events } = recorder();
    const t = transport(memoryStore());
    t.connect(hello(), events);
    await until(() => log.welcomes.length === 1);
    expect(p.backend.visitorServer.clients.size).toBe(1);
    t.close();
    await until(() => p.backend.visitorServer.clients.size === 0);
    await new Promise((r) => setTimeout(r, 250));
    expect(p.backend.visitorServer.clients.size).toBe(0);
    expect(log.welcomes).toHaveLength(1);
  });

  it('stops reconnecting after a fatal error', async () => {
    const p = await startServer(['org-a']);
    let attempts = 0;
    p.backend.visitorServer.on('connection', () => attempts++);
    const { log, events } = recorder();
    transport(memoryStore()).connect(hello({ orgId: 'org-z' }), events);
    await new Promise((r) => setTimeout(r, 300));
    expect(log.welcomes).toHaveLength(0);
    expect(attempts).toBe(1);
  });
});

describe('dead connections', () => {
  /** A server that welcomes and then, when told, stops answering: a half-open TCP connection. */
  async function silentServer() {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((r) => wss.once('listening', r));
    const state = { connections: 0, mute: false };
    wss.on('connection', (ws) => {
      state.connections++;
      ws.on('message', (data) => {
        const f = JSON.parse(String(data));
        if (state.mute) return;
        if (f.t === 'hello') ws.send(JSON.stringify({ t: 'welcome', v: 1, visitorId: f.visitorId, history: [], agentsOnline: true }));
        if (f.t === 'ping') ws.send(JSON.stringify({ t: 'pong' }));
      });
    });
    return { wss, state, url: `ws://127.0.0.1:${(wss.address() as { port: number }).port}/widget/ws` };
  }

  it('finds a socket that stopped answering pings and reconnects', async () => {
    const { wss, state, url } = await silentServer();
    const { log, events } = recorder();
    transport(memoryStore(), { url, pingIntervalMs: 50, pongTimeoutMs: 50 }).connect(hello(), events);
    await until(() => log.welcomes.length === 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(state.connections).toBe(1);
    state.mute = true;
    await until(() => state.connections >= 2);
    expect(log.status).toContain(false);
    wss.close();
  });

  it('reconnects at once when the page wakes after a long sleep', async () => {
    const { wss, state, url } = await silentServer();
    let clock = 1_000_000;
    const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' });
    const win = Object.assign(new EventTarget(), { document: doc }) as unknown as Window;
    const { log, events } = recorder();
    transport(memoryStore(), { url, win, now: () => clock, pingIntervalMs: 60_000, pongTimeoutMs: 60_000 }).connect(hello(), events);
    await until(() => log.welcomes.length === 1);
    // The lid was closed for ten minutes: no ping ran, and the socket is silently gone.
    state.mute = true;
    clock += 10 * 60_000;
    doc.dispatchEvent(new Event('visibilitychange'));
    await until(() => state.connections === 2, 2000);
    wss.close();
  });

  it('probes on `online` and reconnects when the probe goes unanswered', async () => {
    const { wss, state, url } = await silentServer();
    const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' });
    const win = Object.assign(new EventTarget(), { document: doc }) as unknown as Window;
    const { log, events } = recorder();
    transport(memoryStore(), { url, win, pingIntervalMs: 60_000, pongTimeoutMs: 100 }).connect(hello(), events);
    await until(() => log.welcomes.length === 1);
    state.mute = true;
    win.dispatchEvent(new Event('online'));
    await until(() => state.connections === 2, 2000);
    wss.close();
  });
});
