import type { EventName, EventPayload, Unsubscribe } from '../../../shared/api/index.ts';

/** Per-event listener sets, shared by both clients. */
export class Listeners {
  readonly #byEvent = new Map<EventName, Set<(payload: never) => void>>();

  add<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): Unsubscribe {
    let set = this.#byEvent.get(event);
    if (!set) {
      set = new Set();
      this.#byEvent.set(event, set);
    }
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  emit(event: EventName, payload: unknown): void {
    for (const listener of this.#byEvent.get(event) ?? []) {
      try {
        (listener as (payload: unknown) => void)(payload);
      } catch (error) {
        console.error(`listener for ${event} failed`, error);
      }
    }
  }
}
