import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROTOCOL_LIMITS } from '../../runtime/protocol';
import { runPreview, type Preview } from '../preview';
import { hello, openSocket, type TestSocket } from './ws-client';

let site: string;
let storeDir: string;
let preview: Preview;
const sockets: TestSocket[] = [];

async function start(extra: { orgs?: string[]; widgetFile?: string } = {}): Promise<Preview> {
  preview = await runPreview({ dir: site, port: 0, storeDir, log: () => {}, ...extra });
  return preview;
}

async function visitor(over: Record<string, unknown> = {}): Promise<{ s: TestSocket; welcome: any }> {
  const s = await openSocket(`${preview.url.replace('http', 'ws')}widget/ws`);
  sockets.push(s);
  s.send(hello(over));
  const welcome = await s.next((f) => f.t === 'welcome' || f.t === 'error');
  return { s, welcome };
}

async function operator(): Promise<TestSocket> {
  const s = await openSocket(`${preview.url.replace('http', 'ws')}__svyazio/ws`);
  sockets.push(s);
  return s;
}

beforeEach(async () => {
  site = mkdtempSync(join(tmpdir(), 'svz-site-'));
  storeDir = mkdtempSync(join(tmpdir(), 'svz-store-'));
  writeFileSync(join(site, 'index.html'), '<h1>hi</h1>');
  await start();
});

afterEach(async () => {
  await Promise.all(sockets.splice(0).map((s) => s.close()));
  await preview.close();
  rmSync(site, { recursive: true, force: true });
  rmSync(storeDir, { recursive: true, force: true });
});

describe('protocol v1', () => {
  it('welcomes with empty history and agents online, acks messages with the server time', async () => {
    const { s, welcome } = await visitor();
    expect(welcome).toMatchObject({ t: 'welcome', v: 1, visitorId: 'v1', history: [], agentsOnline: true });
    const before = Date.now();
    s.send({ t: 'msg', id: 'm1', text: 'hello', createdAt: 1 });
    const ack = await s.next((f) => f.t === 'ack');
    expect(ack.id).toBe('m1');
    expect(ack.createdAt).toBeGreaterThanOrEqual(before);
    s.send({ t: 'ping' });
    await s.next((f) => f.t === 'pong');
  });

  it('stores a resent message once and acks it again with its first createdAt', async () => {
    const { s } = await visitor();
    const op = await operator();
    s.send({ t: 'msg', id: 'm1', text: 'once', createdAt: 1 });
    const first = await s.next((f) => f.t === 'ack');
    s.send({ t: 'msg', id: 'm1', text: 'once', createdAt: 1 });
    const second = await s.next((f) => f.t === 'ack');
    expect(second.createdAt).toBe(first.createdAt);
    s.ws.close();
    const again = await visitor();
    expect(again.welcome.history.map((m: any) => m.id)).toEqual(['m1']);
    expect(op.frames.filter((f) => f.t === 'msg')).toHaveLength(1);
  });

  it('stores the auto messages of a visitor message as bot messages before it, once even when resent', async () => {
    const { s } = await visitor();
    const op = await operator();
    await op.next((f) => f.t === 'state');
    const before = Date.now();
    const frame = {
      t: 'msg',
      id: 'm1',
      text: 'yes please',
      createdAt: before,
      auto: [
        { id: 'a1', text: 'Need help?', createdAt: before - 2000 },
        // A visitor clock running ahead cannot put an auto message after the reply.
        { id: 'a2', text: 'We are online', createdAt: before + 3_600_000 },
      ],
    };
    s.send(frame);
    const ack = await s.next((f) => f.t === 'ack');
    const shown = [await op.next((f) => f.t === 'msg'), await op.next((f) => f.t === 'msg'), await op.next((f) => f.t === 'msg')];
    expect(shown.map((f) => [f.message.id, f.message.type])).toEqual([
      ['a1', 'bot'],
      ['a2', 'bot'],
      ['m1', 'client'],
    ]);
    s.send(frame);
    expect((await s.next((f) => f.t === 'ack')).createdAt).toBe(ack.createdAt);
    s.ws.close();
    const { welcome } = await visitor();
    const history = welcome.history;
    expect(history.map((m: any) => [m.id, m.type, m.text])).toEqual([
      ['a1', 'bot', 'Need help?'],
      ['a2', 'bot', 'We are online'],
      ['m1', 'client', 'yes please'],
    ]);
    expect(history[0].createdAt).toBe(before - 2000);
    expect(history[1].createdAt).toBeLessThanOrEqual(ack.createdAt);
    expect(op.frames.filter((f) => f.t === 'msg')).toEqual([]);
  });

  it('keeps an auto message after the visitor message that came before it, whatever its clock says', async () => {
    const { s } = await visitor();
    s.send({ t: 'msg', id: 'm1', text: 'first', createdAt: 1 });
    const first = await s.next((f) => f.t === 'ack');
    s.send({ t: 'msg', id: 'm2', text: 'second', createdAt: 2, auto: [{ id: 'a1', text: 'shown between', createdAt: 1 }] });
    await s.next((f) => f.t === 'ack' && f.id === 'm2');
    s.ws.close();
    const { welcome } = await visitor();
    expect(welcome.history.map((m: any) => m.id)).toEqual(['m1', 'a1', 'm2']);
    expect(welcome.history[1].createdAt).toBe(first.createdAt);
  });

  it('rejects a visitor message whose auto messages are malformed, storing none of it', async () => {
    const { s } = await visitor();
    const bad = [{ id: 'a1', text: 'ok', createdAt: 1 }, { id: 'a2', text: '   ', createdAt: 2 }];
    s.send({ t: 'msg', id: 'm1', text: 'hi', createdAt: 1, auto: bad });
    expect(await s.next((f) => f.t === 'error')).toMatchObject({ code: 'bad_frame', ref: 'm1' });
    s.send({ t: 'msg', id: 'm2', text: 'hi', createdAt: 1, auto: 'nope' });
    expect(await s.next((f) => f.t === 'error' && f.ref === 'm2')).toMatchObject({ code: 'bad_frame' });
    s.send({ t: 'msg', id: 'm3', text: 'hi', createdAt: 1, auto: [{ id: 'a3', text: 'x'.repeat(PROTOCOL_LIMITS.maxTextLength + 1), createdAt: 1 }] });
    expect(await s.next((f) => f.t === 'error' && f.ref === 'm3')).toMatchObject({ code: 'too_long' });
    s.ws.close();
    expect((await visitor()).welcome.history).toEqual([]);
  });

  it('echoes a client message and its auto messages to other tabs of the conversation, never to the sender', async () => {
    const a = await visitor();
    const b = await visitor();
    a.s.send({ t: 'msg', id: 'm1', text: 'from tab a', createdAt: 1, auto: [{ id: 'a1', text: 'seen in tab a', createdAt: 1 }] });
    const echoed = [await b.s.next((f) => f.t === 'msg'), await b.s.next((f) => f.t === 'msg')];
    expect(echoed.map((f) => f.message)).toMatchObject([
      { id: 'a1', text: 'seen in tab a', type: 'bot' },
      { id: 'm1', text: 'from tab a', type: 'client' },
    ]);
    await a.s.next((f) => f.t === 'ack');
    a.s.send({ t: 'ping' });
    await a.s.next((f) => f.t === 'pong');
    expect(a.s.frames.some((f) => f.t === 'msg')).toBe(false);
  });

  it('delivers operator replies and the online switch to the visitor', async () => {
    const { s } = await visitor();
    const op = await operator();
    const state = await op.next((f) => f.t === 'state');
    const v = state.visitors.find((x: any) => x.visitorId === 'v1');
    expect(v).toMatchObject({ connected: true, orgId: 'org-a' });
    op.send({ t: 'reply', conversation: v.conversation, text: '<b>hi</b>', type: 'agent' });
    const got = await s.next((f) => f.t === 'msg');
    expect(got.message).toMatchObject({ text: '<b>hi</b>', type: 'agent' });
    op.send({ t: 'reply', conversation: v.conversation, text: 'beep', type: 'bot' });
    expect((await s.next((f) => f.t === 'msg')).message.type).toBe('bot');
    op.send({ t: 'agents', online: false });
    expect(await s.next((f) => f.t === 'agents')).toEqual({ t: 'agents', online: false });
    const later = await visitor({ visitorId: 'v2' });
    expect(later.welcome.agentsOnline).toBe(false);
  });

  it('tracks integration set/merge, page views and group changes', async () => {
    const { s } = await visitor({ integration: { name: 'Ann', plan: 'free' } });
    const op = await operator();
    await op.next((f) => f.t === 'state');
    s.send({ t: 'integration', mode: 'merge', data: { plan: 'pro', name: null, email: 'a@b.c' } });
    expect((await op.next((f) => f.t === 'visitor')).visitor.integration).toEqual({ plan: 'pro', email: 'a@b.c' });
    s.send({ t: 'integration', mode: 'set', data: { only: 1 } });
    expect((await op.next((f) => f.t === 'visitor')).visitor.integration).toEqual({ only: 1 });
    s.send({ t: 'pageView', page: { url: 'http://site.test/pricing', title: 'Pricing' } });
    const pv = (await op.next((f) => f.t === 'visitor')).visitor;
    expect(pv.page.url).toBe('http://site.test/pricing');
    expect(pv.pageViews.map((p: any) => p.url)).toEqual(['http://site.test/', 'http://site.test/pricing']);
    s.send({ t: 'group', groupId: 'vip' });
    expect((await op.next((f) => f.t === 'visitor')).visitor.groupId).toBe('vip');
    s.send({ t: 'group', groupId: null });
    expect((await op.next((f) => f.t === 'visitor')).visitor.groupId).toBe(null);
    s.ws.close();
    expect((await op.next((f) => f.t === 'visitor' && !f.visitor.connected)).visitor.visitorId).toBe('v1');
  });

  it('merges an anonymous conversation into the clientId one, across devices', async () => {
    const phone = await visitor({ visitorId: 'phone' });
    phone.s.send({ t: 'msg', id: 'p1', text: 'before login', createdAt: 1 });
    await phone.s.next((f) => f.t === 'ack');
    const laptop = await visitor({ visitorId: 'laptop', clientId: 'user_42' });
    laptop.s.send({ t: 'msg', id: 'l1', text: 'from laptop', createdAt: 1 });
    await laptop.s.next((f) => f.t === 'ack');
    phone.s.ws.close();
    const loggedIn = await visitor({ visitorId: 'phone', clientId: 'user_42' });
    expect(loggedIn.welcome.history.map((m: any) => m.id)).toEqual(['p1', 'l1']);
    const anonymousAgain = await visitor({ visitorId: 'phone' });
    expect(anonymousAgain.welcome.history).toEqual([]);
  });

  it('logs a visitor in through a clientId in integration data, with a fresh welcome', async () => {
    const other = await visitor({ visitorId: 'desktop', clientId: 'user_7' });
    other.s.send({ t: 'msg', id: 'd1', text: 'from desktop', createdAt: 1 });
    await other.s.next((f) => f.t === 'ack');
    const { s } = await visitor();
    s.send({ t: 'msg', id: 'a1', text: 'anonymous', createdAt: 1 });
    await s.next((f) => f.t === 'ack');
    s.send({ t: 'integration', mode: 'set', data: { name: 'Ann', clientId: 'user_7' } });
    const again = await s.next((f) => f.t === 'welcome');
    expect(again.history.map((m: any) => m.id)).toEqual(['d1', 'a1']);
    other.s.send({ t: 'msg', id: 'd2', text: 'now shared', createdAt: 2 });
    expect((await s.next((f) => f.t === 'msg')).message.id).toBe('d2');
  });

  it('keeps orgs apart: same visitor and client ids under another org see nothing', async () => {
    const a = await visitor({ clientId: 'same' });
    a.s.send({ t: 'msg', id: 'secret', text: 'org a only', createdAt: 1 });
    await a.s.next((f) => f.t === 'ack');
    const b = await visitor({ orgId: 'org-b', clientId: 'same' });
    expect(b.welcome.history).toEqual([]);
    const op = await operator();
    const reply = (await op.next((f) => f.t === 'state')).visitors.find((v: any) => v.orgId === 'org-b').conversation;
    op.send({ t: 'reply', conversation: reply, text: 'for b', type: 'agent' });
    await b.s.next((f) => f.t === 'msg');
    a.s.send({ t: 'ping' });
    await a.s.next((f) => f.t === 'pong');
    expect(a.s.frames.some((f) => f.t === 'msg')).toBe(false);
  });

  it('keeps history across a restart of the server', async () => {
    const { s } = await visitor({ clientId: 'c1' });
    for (const id of ['a', 'b', 'c']) s.send({ t: 'msg', id, text: `text ${id}`, createdAt: 1 });
    for (let i = 0; i < 3; i++) await s.next((f) => f.t === 'ack');
    await preview.close();
    await s.closed;
    await start();
    const again = await visitor({ visitorId: 'other-device', clientId: 'c1' });
    expect(again.welcome.history.map((m: any) => m.text)).toEqual(['text a', 'text b', 'text c']);
    const op = await operator();
    expect((await op.next((f) => f.t === 'state')).visitors).toHaveLength(2);
  });
});

describe('bad input', () => {
  it('answers malformed, unknown and premature frames with error frames and keeps the socket', async () => {
    const s = await openSocket(`${preview.url.replace('http', 'ws')}widget/ws`);
    sockets.push(s);
    s.send({ t: 'msg', id: 'x', text: 'too early', createdAt: 1 });
    expect((await s.next((f) => f.t === 'error')).code).toBe('hello_required');
    s.send(hello());
    await s.next((f) => f.t === 'welcome');
    const cases: Array<[unknown, string]> = [
      ['{not json', 'bad_json'],
      ['[1,2]', 'bad_frame'],
      [{ t: 'teleport' }, 'unknown_type'],
      [{ t: 'msg', id: 'e1', text: '   ', createdAt: 1 }, 'bad_frame'],
      [{ t: 'msg', text: 'no id' }, 'bad_frame'],
      [{ t: 'msg', id: 'e2', text: 'x'.repeat(PROTOCOL_LIMITS.maxTextLength + 1), createdAt: 1 }, 'too_long'],
      [{ t: 'integration', mode: 'replace', data: {} }, 'bad_frame'],
      [{ t: 'pageView', page: 'nope' }, 'bad_frame'],
      [{ t: 'group', groupId: 5 }, 'bad_frame'],
    ];
    for (const [frame, code] of cases) {
      s.send(frame);
      expect((await s.next((f) => f.t === 'error')).code).toBe(code);
    }
    s.send({ t: 'msg', id: 'e3', text: 'y'.repeat(PROTOCOL_LIMITS.maxTextLength + 1), createdAt: 1 });
    expect(await s.next((f) => f.t === 'error')).toMatchObject({ code: 'too_long', ref: 'e3' });
    s.send(JSON.stringify({ t: 'analytic', event: 'x'.repeat(PROTOCOL_LIMITS.maxFrameBytes) }));
    expect((await s.next((f) => f.t === 'error')).code).toBe('too_large');
    s.send({ t: 'ping' });
    await s.next((f) => f.t === 'pong');
  });

  it('closes on an unsupported version or an org switch, and rejects orgs it does not serve', async () => {
    const old = await visitor({ v: 2 });
    expect(old.welcome.code).toBe('unsupported_version');
    expect((await old.s.closed).code).toBe(1002);
    const a = await visitor();
    a.s.send(hello({ orgId: 'org-b' }));
    expect((await a.s.next((f) => f.t === 'error')).code).toBe('org_mismatch');
    expect((await a.s.closed).code).toBe(1008);
    await preview.close();
    await start({ orgs: ['org-a'] });
    expect((await visitor({ orgId: 'org-z' })).welcome.code).toBe('org_mismatch');
    expect((await visitor()).welcome.t).toBe('welcome');
  });

  it('rate-limits a flood with one error, drops the excess, and the server survives', async () => {
    const { s } = await visitor();
    for (let i = 0; i < 200; i++) s.send({ t: 'msg', id: `f${i}`, text: 'spam', createdAt: 1 });
    await s.next((f) => f.t === 'error' && f.code === 'rate_limited');
    await new Promise((r) => setTimeout(r, 300));
    const acks = s.frames.filter((f) => f.t === 'ack').length;
    // The hello took one token of the burst.
    expect(acks).toBeGreaterThanOrEqual(PROTOCOL_LIMITS.rateBurst - 1);
    expect(acks).toBeLessThan(60);
    expect(s.frames.filter((f) => f.t === 'error')).toHaveLength(0);
    const fresh = await visitor({ visitorId: 'v9' });
    expect(fresh.welcome.t).toBe('welcome');
  });

  it('closes frames over the hard payload cap without taking the server down', async () => {
    const { s } = await visitor();
    s.send('x'.repeat(70 * 1024));
    expect((await s.closed).code).toBe(1009);
    expect((await visitor({ visitorId: 'v2' })).welcome.t).toBe('welcome');
  });

  it('refuses operator sockets from another origin', async () => {
    const url = `${preview.url.replace('http', 'ws')}__svyazio/ws`;
    await expect(openSocket(url, { Origin: 'http://evil.test' })).rejects.toThrow(/403/);
    // DNS rebinding: a hostile name pointed at 127.0.0.1 has matching Origin and Host.
    await expect(openSocket(url, { Origin: 'http://evil.test:1', Host: 'evil.test:1' })).rejects.toThrow(/403/);
    const local = `localhost:${new URL(preview.url).port}`;
    (await openSocket(url.replace(new URL(preview.url).host, local), { Origin: `http://${local}`, Host: local })).ws.close();
    const op = await operator();
    op.send('nope');
    expect((await op.next((f) => f.t === 'error')).code).toBe('bad_json');
    op.send({ t: 'reply', conversation: 'org-a/v:ghost', text: 'hi' });
    expect((await op.next((f) => f.t === 'error')).code).toBe('bad_frame');
  });
});

describe('static site', () => {
  const get = (path: string, init?: RequestInit) => fetch(new URL(path, preview.url), { redirect: 'manual', ...init });

  it('serves files with content types, index.html and directory redirects', async () => {
    mkdirSync(join(site, 'docs'));
    writeFileSync(join(site, 'docs', 'index.html'), '<p>docs</p>');
    writeFileSync(join(site, 'app.js'), 'console.log(1)');
    const home = await get('/');
    expect(home.headers.get('content-type')).toMatch(/text\/html/);
    expect(await home.text()).toBe('<h1>hi</h1>');
    expect((await get('/app.js')).headers.get('content-type')).toMatch(/javascript/);
    const dir = await get('/docs');
    expect(dir.status).toBe(301);
    expect(dir.headers.get('location')).toBe('/docs/');
    expect(await (await get('/docs/')).text()).toBe('<p>docs</p>');
    expect((await get('/missing.html')).status).toBe(404);
    expect((await get('/missing')).status).toBe(404);
    const route = await get('/account/settings', { headers: { Accept: 'text/html,*/*' } });
    expect(await route.text()).toBe('<h1>hi</h1>');
    expect((await get('/', { method: 'POST' })).status).toBe(405);
  });

  it('refuses traversal, dotfiles and symlinks out of the site', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'svz-outside-'));
    writeFileSync(join(outside, 'secret.txt'), 'secret');
    symlinkSync(join(outside, 'secret.txt'), join(site, 'link.txt'));
    writeFileSync(join(site, '.env'), 'TOKEN=1');
    for (const path of ['/..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/etc/passwd', '/.env', '/link.txt', '/%E0%A4%A']) {
      const res = await get(path);
      expect([400, 403, 404], path).toContain(res.status);
      expect(await res.text()).not.toMatch(/secret|TOKEN|root:/);
    }
    rmSync(outside, { recursive: true, force: true });
  });

  it('points Svyazio and Chatra script URLs in HTML at the local bundle, in the response only', async () => {
    const html = [
      '<script async src="https://app.svyazio.ru/widget/svyazio.js" integrity="sha384-abc" crossorigin="anonymous"></script>',
      '<script src="/app.js" integrity="sha384-keep"></script>',
      "<script>s.src = 'https://call.chatra.io/chatra.js'; t.src = d.location.protocol + '//chat.chatra.io/chatra.js';</script>",
      '<a href="https://chatra.io/pricing">chatra</a>',
    ].join('\n');
    writeFileSync(join(site, 'page.html'), html);
    const host = new URL(preview.url).host;
    const body = await (await get('/page.html')).text();
    expect(body).toBe(
      [
        `<script async src="http://${host}/widget/svyazio.js" crossorigin="anonymous"></script>`,
        '<script src="/app.js" integrity="sha384-keep"></script>',
        `<script>s.src = 'http://${host}/widget/svyazio.js'; t.src = d.location.protocol + '//${host}/widget/svyazio.js';</script>`,
        '<a href="https://chatra.io/pricing">chatra</a>',
      ].join('\n'),
    );
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(join(site, 'page.html'), 'utf8')).toBe(html);
  });

  it('lets a CSP <meta> that allows the vendor hosts load the local widget instead', async () => {
    const { rewriteCspMeta } = await import('../server/http');
    expect(
      rewriteCspMeta(
        `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'unsafe-inline' https://app.svyazio.ru *.chatra.io https://cdn.example; connect-src wss://app.svyazio.ru https://notchatra.io; frame-src chat.chatra.io">`,
      ),
    ).toBe(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'unsafe-inline' 'self' 'self' https://cdn.example; connect-src 'self' https://notchatra.io; frame-src 'self'">`,
    );
    expect(rewriteCspMeta(`<META HTTP-EQUIV='content-security-policy' CONTENT='script-src https://call.chatra.io/chatra.js'>`)).toBe(
      `<META HTTP-EQUIV='content-security-policy' CONTENT='script-src &#39;self&#39;'>`,
    );
    const untouched = '<meta name="description" content="We moved from chat.chatra.io">';
    expect(rewriteCspMeta(untouched)).toBe(untouched);
  });

  it('serves the widget bundle and the console with a strict CSP', async () => {
    await preview.close();
    await start({ widgetFile: join(storeDir, 'missing.js') });
    expect((await get('/widget/svyazio.js')).status).toBe(503);
    await preview.close();
    writeFileSync(join(storeDir, 'bundle.js'), 'window.bundle = 1;');
    await start({ widgetFile: join(storeDir, 'bundle.js') });
    const widget = await get('/widget/svyazio.js');
    expect(widget.headers.get('content-type')).toMatch(/javascript/);
    expect(await widget.text()).toBe('window.bundle = 1;');
    const page = await get('/__svyazio/');
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(await page.text()).toContain('<script src="console.js">');
    expect((await get('/__svyazio/console.js')).status).toBe(200);
  });
});
