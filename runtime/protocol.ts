/**
 * Protocol v1 between the widget and a Svyazio backend: JSON frames over a
 * WebSocket, described in docs/protocol.md. Shared by the browser transport and
 * the Node server, and bundled into the widget: types are free, so keep the
 * runtime values here few and small.
 */
import type { ChatMessage, HelloInfo, OutgoingMessage } from './transport';

export const PROTOCOL_VERSION = 1;

/** Where the backend listens, relative to the origin the widget script came from. */
export const WIDGET_WS_PATH = '/widget/ws';

export const PROTOCOL_LIMITS = {
  /** Largest frame the server reads, in bytes of UTF-8; larger ones get `too_large`. */
  maxFrameBytes: 16 * 1024,
  /** Longest visitor or agent message, in UTF-16 code units. */
  maxTextLength: 4000,
  /** Per-connection token bucket: sustained frames per second and burst size. */
  ratePerSecond: 10,
  rateBurst: 30,
  /** The client pings this often; the server drops a socket silent for three intervals. */
  pingIntervalMs: 25_000,
} as const;

export type ErrorCode =
  | 'bad_json'
  | 'bad_frame'
  | 'unknown_type'
  | 'unsupported_version'
  | 'hello_required'
  | 'org_mismatch'
  | 'too_large'
  | 'too_long'
  | 'rate_limited'
  | 'internal';

/** Frames the widget sends. */
export type ClientFrame =
  | ({ t: 'hello'; v: number } & HelloInfo)
  | ({ t: 'msg' } & OutgoingMessage)
  | { t: 'integration'; mode: 'set' | 'merge'; data: Record<string, unknown> }
  | { t: 'pageView'; page: { url: string; title: string } }
  | { t: 'group'; groupId: string | null }
  | { t: 'analytic'; event: string }
  | { t: 'ping' };

/** Frames the backend sends. */
export type ServerFrame =
  | { t: 'welcome'; v: number; visitorId: string; history: ChatMessage[]; agentsOnline: boolean }
  | { t: 'ack'; id: string; createdAt: number }
  | { t: 'msg'; message: ChatMessage }
  | { t: 'agents'; online: boolean }
  | { t: 'error'; code: ErrorCode; message: string; ref?: string }
  | { t: 'pong' };
