/**
 * The seam between the widget and its backend. The widget only ever talks to a
 * Transport; jsdom tests use an in-memory one, the page uses the WebSocket one.
 */

export type MessageType = 'agent' | 'client' | 'bot';

export interface ChatMessage {
  id: string;
  text: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  type: MessageType;
  /** Display name of the agent, when the backend sends one. */
  author?: string;
}

/** A message shown in the window, as the widget sends it: its id and time are its own. */
export interface LocalMessage {
  id: string;
  text: string;
  /** Milliseconds since the epoch, on the visitor's clock. */
  createdAt: number;
}

/** A visitor message, with the `sendAutoMessage` texts shown since the previous one. */
export interface OutgoingMessage extends LocalMessage {
  /** Bot messages the visitor saw before writing, oldest first: agents get them just before this message. */
  auto?: LocalMessage[];
}

export interface HelloInfo {
  orgId: string;
  visitorId: string;
  clientId?: string;
  groupId?: string | null;
  integration: Record<string, unknown>;
  page: { url: string; title: string; referrer?: string };
  locale: string;
}

export interface TransportEvents {
  /** The backend accepted the hello: past messages and whether agents are online. */
  welcome(history: ChatMessage[], agentsOnline: boolean): void;
  /** A message from an agent or a bot, or a client message echoed from another tab/device. */
  message(msg: ChatMessage): void;
  /** A visitor message the backend has stored. */
  ack(id: string, createdAt: number): void;
  agentsOnline(online: boolean): void;
  /** Connection state, for the UI. */
  status(connected: boolean): void;
}

export interface Transport {
  connect(hello: HelloInfo, events: TransportEvents): void;
  sendMessage(msg: OutgoingMessage): void;
  setIntegration(data: Record<string, unknown>, mode: 'set' | 'merge'): void;
  pageView(page: { url: string; title: string }): void;
  setGroup(groupId: string | null): void;
  analytic(event: string): void;
  /** Close for good; no reconnects after this. */
  close(): void;
}
