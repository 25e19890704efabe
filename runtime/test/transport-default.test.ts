// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { memoryStore } from '../storage';
import { defaultTransport, socketUrl } from '../transport-default';

const options = { orgId: 'org-1', scriptOrigin: 'https://app.svyazio.ru', storage: memoryStore() };

describe('default transport', () => {
  it('points at /widget/ws on the script origin, or at socketUrl', () => {
    expect(socketUrl(options)).toBe('wss://app.svyazio.ru/widget/ws');
    expect(socketUrl({ ...options, scriptOrigin: 'http://localhost:8080' })).toBe('ws://localhost:8080/widget/ws');
    expect(socketUrl({ ...options, socketUrl: 'wss://chat.example/ws' })).toBe('wss://chat.example/ws');
  });

  it('without an org it works offline and keeps the visitor messages locally', () => {
    const storage = memoryStore();
    const welcomes: unknown[] = [];
    const acks: string[] = [];
    const events = { welcome: (h: unknown, online: boolean) => welcomes.push([h, online]), ack: (id: string) => acks.push(id), message() {}, agentsOnline() {}, status() {} };
    const hello = { orgId: '', visitorId: 'v', integration: {}, page: { url: '', title: '' }, locale: 'en' };
    const t = defaultTransport({ ...options, orgId: '', storage });
    t.connect(hello, events);
    t.sendMessage({ id: 'm1', text: 'anyone?', createdAt: 5, auto: [{ id: 'a1', text: 'Need help?', createdAt: 4 }] });
    expect(acks).toEqual(['m1']);
    t.close();
    defaultTransport({ ...options, orgId: '', storage }).connect(hello, events);
    expect(welcomes).toEqual([
      [[], false],
      [
        [
          { id: 'a1', text: 'Need help?', createdAt: 4, type: 'bot' },
          { id: 'm1', text: 'anyone?', createdAt: 5, type: 'client' },
        ],
        false,
      ],
    ]);
  });
});
