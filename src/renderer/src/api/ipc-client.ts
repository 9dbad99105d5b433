import { bindApi, type ApiClient, type EventName } from '../../../shared/api/index.ts';
import { unwrap } from './envelope.ts';
import { Listeners } from './listeners.ts';

/** What the preload exposes as `window.emotune`. */
export interface EmotuneBridge {
  invoke(method: string, input: unknown): Promise<unknown>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
  pathForFile?(file: File): string;
}

/** The Electron client: the preload's typed bridge, and the emotune-media protocol for audio. */
export function createIpcClient(bridge: EmotuneBridge): ApiClient {
  const listeners = new Listeners();
  const bridged = new Set<EventName>();
  return {
    api: bindApi(async (method, input) => unwrap(await bridge.invoke(method, input ?? {}))),
    subscribe(event, listener) {
      if (!bridged.has(event)) {
        bridged.add(event);
        bridge.subscribe(event, (payload) => listeners.emit(event, payload));
      }
      return listeners.add(event, listener);
    },
    mediaUrl: (songId) => `emotune-media://song/${songId}`,
    coverUrl: (songId) => `emotune-media://cover/${songId}`,
    onConnectionChanged(listener) {
      listener(true);
      return () => {};
    },
  };
}
