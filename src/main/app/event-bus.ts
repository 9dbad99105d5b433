import type { EventName, EventPayload } from '../../shared/api/index.ts';

export type EventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** Fans the main side's events out to every transport (IPC windows, WebSocket clients, tests). */
export class EventBus {
  readonly #listeners = new Set<EventListener>();

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.#listeners) {
      try {
        listener(event, payload);
      } catch {
        // One broken transport must not stop the others.
      }
    }
  }

  on(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
