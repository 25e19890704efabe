/**
 * Preview backend benchmark (`npm run bench`, built to dist/bench/server.js):
 * 1,000 visitor sockets on loopback against a backend in a child process, then
 * a steady 1,000 messages/s and an unthrottled burst. Prints connections held,
 * messages/s, send→ack round trips, memory per connection, and whether any
 * message was lost or stored twice. Targets are printed beside the numbers;
 * nothing here asserts.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { runPreview } from './preview';

const CONNECTIONS = 1000;
const RATE = 1000;
const STEADY_SECONDS = 10;
const BURST_PER_CONNECTION = 5;

type Request = { t: 'memory' } | { t: 'count' } | { t: 'stop' };

async function serve(): Promise<void> {
  const site = mkdtempSync(join(tmpdir(), 'svz-bench-site-'));
  const storeDir = mkdtempSync(join(tmpdir(), 'svz-bench-store-'));
  const preview = await runPreview({ dir: site, port: 0, storeDir, log: () => {} });
  const store = preview.backend['store'];
  process.on('message', async (message) => {
    const req = message as Request;
    if (req.t === 'memory') {
      globalThis.gc?.();
      const m = process.memoryUsage();
      process.send!({ rss: m.rss, heap: m.heapUsed });
    } else if (req.t === 'count') {
      const ids = store.allConversations().flatMap((c) => c.messages.map((m) => `${c.key}#${m.id}`));
      process.send!({ stored: ids.length, unique: new Set(ids).size });
    } else {
      await preview.close();
      rmSync(site, { recursive: true, force: true });
      rmSync(storeDir, { recursive: true, force: true });
      process.exit(0);
    }
  });
  process.send!({ port: Number(new URL(preview.url).port) });
}

function ask<T>(child: ReturnType<typeof fork>, req: Request): Promise<T> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve(m as T));
    child.send(req);
  });
}

interface Visitor {
  ws: WebSocket;
  sentAt: Map<string, number>;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

async function main(): Promise<void> {
  const child = fork(fileURLToPath(import.meta.url), ['--server'], { execArgv: ['--expose-gc'] });
  const { port } = await new Promise<{ port: number }>((resolve) => child.once('message', (m) => resolve(m as { port: number })));
  const before = await ask<{ rss: number; heap: number }>(child, { t: 'memory' });

  const rtts: number[] = [];
  const acked = new Set<string>();
  let duplicateAcks = 0;
  let errors = 0;
  const visitors: Visitor[] = [];
  const connect = (i: number) =>
    new Promise<Visitor>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/widget/ws`);
      const v: Visitor = { ws, sentAt: new Map() };
      ws.on('error', reject);
      ws.on('open', () => ws.send(JSON.stringify({ t: 'hello', v: 1, orgId: 'bench', visitorId: `v${i}`, integration: {}, page: { url: 'http://bench/', title: 'Bench' }, locale: 'en' })));
      ws.on('message', (data) => {
        const f = JSON.parse(String(data));
        if (f.t === 'welcome') resolve(v);
        else if (f.t === 'error') errors++;
        else if (f.t === 'ack') {
          const key = `${i}#${f.id}`;
          if (acked.has(key)) duplicateAcks++;
          acked.add(key);
          const sent = v.sentAt.get(f.id);
          if (sent !== undefined) rtts.push(performance.now() - sent);
        }
      });
    });
  for (let i = 0; i < CONNECTIONS; i += 100) {
    visitors.push(...(await Promise.all(Array.from({ length: Math.min(100, CONNECTIONS - i) }, (_, k) => connect(i + k)))));
  }
  const held = visitors.filter((v) => v.ws.readyState === WebSocket.OPEN).length;
  const after = await ask<{ rss: number; heap: number }>(child, { t: 'memory' });

  let sent = 0;
  const send = (v: Visitor) => {
    const id = `m${sent++}`;
    v.sentAt.set(id, performance.now());
    v.ws.send(JSON.stringify({ t: 'msg', id, text: `message ${id}`, createdAt: Date.now() }));
  };
  const settle = async (expected: number) => {
    const end = Date.now() + 10_000;
    while (acked.size < expected && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  };

  // Steady: RATE messages per second spread over the connections, in 10 ms ticks.
  const steadyStart = performance.now();
  const total = RATE * STEADY_SECONDS;
  let next = 0;
  await new Promise<void>((done) => {
    const tick = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - steadyStart) / 1000) * RATE));
      while (next < due) send(visitors[next++ % visitors.length]);
      if (next >= total) {
        clearInterval(tick);
        done();
      }
    }, 10);
  });
  await settle(sent);
  const steadyRate = acked.size / ((performance.now() - steadyStart) / 1000);
  const steadyRtts = rtts.splice(0).sort((a, b) => a - b);

  // Burst: every connection sends a few messages at once, as fast as the server takes them.
  const burstStart = performance.now();
  const burstFrom = sent;
  for (let k = 0; k < BURST_PER_CONNECTION; k++) for (const v of visitors) send(v);
  await settle(sent);
  const burstSeconds = (performance.now() - burstStart) / 1000;
  const burstRtts = rtts.splice(0).sort((a, b) => a - b);

  const { stored, unique } = await ask<{ stored: number; unique: number }>(child, { t: 'count' });
  const lost = sent - acked.size;
  console.log('preview backend, loopback, server in a child process');
  console.log(`  connections held        ${held} / ${CONNECTIONS}   (target: all)`);
  console.log(`  memory per connection   ${kb((after.heap - before.heap) / CONNECTIONS)} heap, ${kb((after.rss - before.rss) / CONNECTIONS)} rss`);
  console.log(`  steady ${RATE} msg/s        ${steadyRate.toFixed(0)} msg/s acked; send→ack p50 ${percentile(steadyRtts, 50).toFixed(1)} ms, p99 ${percentile(steadyRtts, 99).toFixed(1)} ms   (target: p99 < 50 ms)`);
  console.log(`  burst ${sent - burstFrom} messages     ${((sent - burstFrom) / burstSeconds).toFixed(0)} msg/s; send→ack p50 ${percentile(burstRtts, 50).toFixed(1)} ms, p99 ${percentile(burstRtts, 99).toFixed(1)} ms`);
  console.log(`  sent ${sent}, acked ${acked.size}, lost ${lost}, duplicate acks ${duplicateAcks}, stored ${stored} (${stored - unique} twice), error frames ${errors}   (target: 0 lost, 0 duplicated)`);

  for (const v of visitors) v.ws.terminate();
  child.send({ t: 'stop' });
  await new Promise((r) => child.once('exit', r));
}

await (process.argv.includes('--server') ? serve() : main());
