import { bindApi, isEventName, type ApiClient, type Unsubscribe } from '../../../shared/api/index.ts';
import { ApiError, unwrap } from './envelope.ts';
import { Listeners } from './listeners.ts';

/**
 * Browser mode's client: POST /api/<method> for requests, one WebSocket for events, reconnecting with
 * backoff when the server restarts. The access token travels as the HttpOnly cookie the server set.
 */
export function createWsClient(origin: string = window.location.origin): ApiClient {
  const listeners = new Listeners();
  const connection = new Set<(connected: boolean) => void>();
  let connected = false;
  let retryMs = 500;

  const setConnected = (value: boolean): void => {
    if (connected === value) return;
    connected = value;
    for (const listener of connection) listener(value);
  };

  const connect = (): void => {
    const socket = new WebSocket(`${origin.replace(/^http/, 'ws')}/events`);
    socket.addEventListener('open', () => {
      retryMs = 500;
      setConnected(true);
    });
    socket.addEventListener('message', (message) => {
      try {
        const data = JSON.parse(String(message.data)) as { event?: unknown; payload?: unknown };
        if (isEventName(data.event)) listeners.emit(data.event, data.payload);
      } catch {
        // Not one of ours; ignore.
      }
    });
    socket.addEventListener('close', () => {
      setConnected(false);
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    });
  };
  connect();

  const api = bindApi(async (method, input) => {
    // Over the server's request budget (429, another tab or script flooding it): wait as told and try again.
    for (let attempt = 0; ; attempt += 1) {
      let response: Response;
      try {
        response = await fetch(`${origin}/api/${method}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(input ?? {}),
          credentials: 'same-origin',
        });
      } catch {
        throw new ApiError({ code: 'internal', message: 'Emotune is not running. Start it again; this page reconnects by itself.' });
      }
      if (response.status === 429 && attempt < 3) {
        const wait = Number(response.headers.get('Retry-After') ?? '1');
        await new Promise((resolve) => setTimeout(resolve, Math.min(10, Math.max(1, wait)) * 1000));
        continue;
      }
      return unwrap(await response.json().catch(() => null));
    }
  });

  return {
    api,
    subscribe: (event, listener) => listeners.add(event, listener),
    mediaUrl: (songId) => `${origin}/media/${songId}`,
    coverUrl: (songId) => `${origin}/media/cover/${songId}`,
    onConnectionChanged(listener): Unsubscribe {
      connection.add(listener);
      listener(connected);
      return () => connection.delete(listener);
    },
  };
}
