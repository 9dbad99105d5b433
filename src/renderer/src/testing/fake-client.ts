import {
  bindApi,
  type ApiClient,
  type EventName,
  type EventPayload,
  type MethodInput,
  type MethodName,
  type MethodOutput,
} from '../../../shared/api/index.ts';
import { Listeners } from '../api/listeners.ts';

type Replies = { [K in MethodName]?: (input: MethodInput<K>) => MethodOutput<K> | Promise<MethodOutput<K>> };

/** An ApiClient for store tests: canned replies per method, events pushed by the test, calls recorded. */
export function createFakeClient(replies: Replies = {}): ApiClient & {
  calls: { method: MethodName; input: unknown }[];
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
} {
  const listeners = new Listeners();
  const calls: { method: MethodName; input: unknown }[] = [];
  return {
    calls,
    api: bindApi(async (method, input) => {
      calls.push({ method, input });
      const reply = replies[method] as ((input: unknown) => unknown) | undefined;
      if (!reply) throw new Error(`no fake reply for ${method}`);
      return reply(input);
    }),
    subscribe: (event, listener) => listeners.add(event, listener),
    emit: (event, payload) => listeners.emit(event, payload),
    mediaUrl: (id) => `/media/${id}`,
    coverUrl: (id) => `/media/cover/${id}`,
    onConnectionChanged: (listener) => {
      listener(true);
      return () => {};
    },
  };
}
