import type { ApiClient } from '../../../shared/api/index.ts';
import { createIpcClient, type EmotuneBridge } from './ipc-client.ts';
import { createWsClient } from './ws-client.ts';

/** The renderer never asks which shell it runs in: Electron's preload bridge if present, else browser mode. */
export function createClient(): ApiClient {
  const bridge = (window as unknown as { emotune?: EmotuneBridge }).emotune;
  return bridge ? createIpcClient(bridge) : createWsClient();
}
