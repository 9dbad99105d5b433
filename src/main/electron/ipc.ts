import { ipcMain, type WebContents } from 'electron';
import { METHOD_NAMES, type Handlers } from '../../shared/api/index.ts';
import { toErrorPayload } from '../../shared/errors.ts';
import { dispatch, type EventBus } from '../app/index.ts';

/** IPC channel names derive from the contract's keys: one channel per method, one for all events. */
export const methodChannel = (method: string): string => `emotune:api:${method}`;
export const EVENT_CHANNEL = 'emotune:event';

/**
 * Serves the contract over IPC: one `ipcMain.handle` per method (input parsed by `dispatch`), results and
 * errors in the same envelope as browser mode, and every event pushed to the window. Only our own window's
 * frames may call.
 */
export function registerIpc(handlers: Handlers, events: EventBus, target: () => WebContents | null): () => void {
  for (const method of METHOD_NAMES) {
    ipcMain.handle(methodChannel(method), async (event, input: unknown) => {
      const contents = target();
      if (!contents || event.sender.id !== contents.id || event.senderFrame !== contents.mainFrame) {
        return { ok: false, error: { code: 'unauthorized', message: 'unknown sender' } };
      }
      try {
        return { ok: true, result: (await dispatch(handlers, method, input)) ?? null };
      } catch (error) {
        return { ok: false, error: toErrorPayload(error) };
      }
    });
  }
  const unsubscribe = events.on((event, payload) => {
    const contents = target();
    if (contents && !contents.isDestroyed()) contents.send(EVENT_CHANNEL, { event, payload });
  });
  return () => {
    unsubscribe();
    for (const method of METHOD_NAMES) ipcMain.removeHandler(methodChannel(method));
  };
}
