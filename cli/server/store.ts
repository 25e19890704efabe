/**
 * The preview backend's conversation store: everything in memory, every change
 * appended as one JSON line to `store.jsonl` in a folder, replayed on open. Plain
 * files and synchronous appends: no native module, and an acked message survives
 * even a killed process.
 */
import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { ChatMessage } from '../../runtime/transport';

export interface Page {
  url: string;
  title: string;
  referrer?: string;
}

export interface Visitor {
  orgId: string;
  visitorId: string;
  clientId?: string;
  groupId: string | null;
  integration: Record<string, unknown>;
  page: Page;
  locale: string;
  /** Most recent last, capped. */
  pageViews: Array<{ url: string; title: string; at: number }>;
  lastSeen: number;
  /** The conversation this visitor writes to. */
  conversation: string;
}

export interface Conversation {
  key: string;
  orgId: string;
  messages: ChatMessage[];
}

type Record_ =
  | { k: 'msg'; conv: string; org: string; m: ChatMessage }
  | { k: 'merge'; from: string; to: string; org: string }
  | { k: 'visitor'; v: Visitor };

const PAGE_VIEWS_KEPT = 50;

/** Conversation keys are scoped by org, so the same id under two orgs never meets. */
export function conversationKey(orgId: string, visitorId: string, clientId?: string): string {
  return `${encodeURIComponent(orgId)}/${clientId ? `c:${clientId}` : `v:${visitorId}`}`;
}

export function visitorKey(orgId: string, visitorId: string): string {
  return `${encodeURIComponent(orgId)}/${visitorId}`;
}

export class ConversationStore {
  readonly file: string;
  private readonly conversations = new Map<string, Conversation>();
  private readonly ids = new Map<string, Map<string, ChatMessage>>();
  private readonly visitorMap = new Map<string, Visitor>();
  private fd: number | null;

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    this.file = join(dir, 'store.jsonl');
    this.replay();
    this.fd = openSync(this.file, 'a');
  }

  history(key: string): ChatMessage[] {
    return this.conversations.get(key)?.messages ?? [];
  }

  allConversations(): Conversation[] {
    return [...this.conversations.values()];
  }

  visitors(): Visitor[] {
    return [...this.visitorMap.values()];
  }

  visitor(orgId: string, visitorId: string): Visitor | undefined {
    return this.visitorMap.get(visitorKey(orgId, visitorId));
  }

  /** Stores a message once per conversation and id; a repeat returns the first copy. */
  addMessage(key: string, orgId: string, message: ChatMessage): { message: ChatMessage; duplicate: boolean } {
    const known = this.ids.get(key)?.get(message.id);
    if (known) return { message: known, duplicate: true };
    this.append({ k: 'msg', conv: key, org: orgId, m: message });
    this.apply({ k: 'msg', conv: key, org: orgId, m: message });
    return { message, duplicate: false };
  }

  /** Moves an anonymous conversation into the clientId one; no-op when there is nothing to move. */
  merge(from: string, to: string, orgId: string): boolean {
    if (from === to || !this.conversations.get(from)?.messages.length) return false;
    const record: Record_ = { k: 'merge', from, to, org: orgId };
    this.append(record);
    this.apply(record);
    return true;
  }

  saveVisitor(visitor: Visitor): void {
    const record: Record_ = { k: 'visitor', v: visitor };
    this.append(record);
    this.apply(record);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private append(record: Record_): void {
    if (this.fd === null) throw new Error('store is closed');
    writeSync(this.fd, `${JSON.stringify(record)}\n`);
  }

  private replay(): void {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return;
    }
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        this.apply(JSON.parse(line) as Record_);
      } catch {
        // A line torn by a crash mid-write: everything before it is intact.
      }
    }
  }

  private apply(record: Record_): void {
    switch (record.k) {
      case 'msg': {
        const conv = this.conversation(record.conv, record.org);
        const byId = this.ids.get(record.conv)!;
        if (byId.has(record.m.id)) return;
        byId.set(record.m.id, record.m);
        insertByTime(conv.messages, record.m);
        return;
      }
      case 'merge': {
        const from = this.conversations.get(record.from);
        if (!from) return;
        const to = this.conversation(record.to, record.org);
        const byId = this.ids.get(record.to)!;
        for (const m of from.messages) {
          if (byId.has(m.id)) continue;
          byId.set(m.id, m);
          insertByTime(to.messages, m);
        }
        this.conversations.delete(record.from);
        this.ids.delete(record.from);
        return;
      }
      case 'visitor': {
        const v = record.v;
        v.pageViews = v.pageViews.slice(-PAGE_VIEWS_KEPT);
        this.visitorMap.set(visitorKey(v.orgId, v.visitorId), v);
        return;
      }
    }
  }

  private conversation(key: string, orgId: string): Conversation {
    let conv = this.conversations.get(key);
    if (!conv) {
      conv = { key, orgId, messages: [] };
      this.conversations.set(key, conv);
      this.ids.set(key, new Map());
    }
    return conv;
  }
}

/** Messages mostly arrive in order, so search from the end. */
function insertByTime(list: ChatMessage[], m: ChatMessage): void {
  let i = list.length;
  while (i > 0 && list[i - 1].createdAt > m.createdAt) i--;
  list.splice(i, 0, m);
}
