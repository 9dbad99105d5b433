import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { isEventName, isMethodName } from '../shared/api/contract.ts';

/**
 * The renderer's only door to the main side: invoke a contract method, or subscribe to a contract event.
 * Names are checked against the contract here too, so the page cannot reach any other channel.
 */
const bridge = {
  invoke(method: string, input: unknown): Promise<unknown> {
    if (!isMethodName(method)) return Promise.reject(new Error(`unknown method ${method}`));
    return ipcRenderer.invoke(`emotune:api:${method}`, input);
  },
  subscribe(event: string, listener: (payload: unknown) => void): () => void {
    if (!isEventName(event)) throw new Error(`unknown event ${event}`);
    const handler = (_e: IpcRendererEvent, message: { event: string; payload: unknown }): void => {
      if (message.event === event) listener(message.payload);
    };
    ipcRenderer.on('emotune:event', handler);
    return () => ipcRenderer.off('emotune:event', handler);
  },
  /** Where a file or folder dropped on the window lies (the page itself only sees its name). */
  pathForFile(file: File): string {
    return webUtils.getPathForFile(file);
  },
};

export type EmotuneBridge = typeof bridge;

contextBridge.exposeInMainWorld('emotune', bridge);
