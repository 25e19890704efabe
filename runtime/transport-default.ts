/**
 * The one place that decides which transport a booted widget talks through:
 * the WebSocket backend on the script's origin (or `socketUrl`), and the
 * offline one where there is nothing to connect to.
 */
import { WIDGET_WS_PATH } from './protocol';
import type { Store } from './storage';
import type { Transport } from './transport';
import { createOfflineTransport } from './transport-offline';
import { createWebSocketTransport } from './transport-ws';

export interface TransportOptions {
  orgId: string;
  /** Origin of the widget script (`document.currentScript.src` at load), the default backend. */
  scriptOrigin: string;
  /** `socketUrl` setting, for self-hosted backends. */
  socketUrl?: string;
  storage: Store;
}

export type TransportFactory = (options: TransportOptions) => Transport;

export function socketUrl(options: TransportOptions): string {
  return options.socketUrl ?? options.scriptOrigin.replace(/^http/, 'ws') + WIDGET_WS_PATH;
}

export const defaultTransport: TransportFactory = (options) =>
  // Without an org there is no conversation to join; without WebSocket no way to reach one.
  options.orgId && typeof WebSocket === 'function'
    ? createWebSocketTransport({ url: socketUrl(options), storage: options.storage })
    : createOfflineTransport(options.storage, options.orgId);
