/**
 * A transport with no backend: agents are always offline and the visitor's
 * messages are kept in local storage, so the widget is usable (and its history
 * survives reloads) until a real connection is configured.
 */
import type { Store } from './storage';
import type { ChatMessage, Transport } from './transport';

const LIMIT = 100;

export function createOfflineTransport(store: Store, orgId: string): Transport {
  const key = 'svyazio.history.' + orgId;
  const load = (): ChatMessage[] => {
    try {
      const list = JSON.parse(store.get(key) ?? '[]');
      return Array.isArray(list) ? list : [];
    } catch {
      return [];
    }
  };
  let ack: ((id: string, createdAt: number) => void) | null = null;
  return {
    connect(_hello, events) {
      ack = events.ack;
      events.welcome(load(), false);
    },
    sendMessage(msg) {
      if (!ack) return;
      const { auto = [], ...own } = msg;
      const shown: ChatMessage[] = [...auto.map((a): ChatMessage => ({ ...a, type: 'bot' })), { ...own, type: 'client' }];
      store.set(key, JSON.stringify([...load(), ...shown].slice(-LIMIT)));
      ack(msg.id, msg.createdAt);
    },
    setIntegration() {},
    pageView() {},
    setGroup() {},
    analytic() {},
    close() {
      ack = null;
    },
  };
}
