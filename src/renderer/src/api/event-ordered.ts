/**
 * A state that both the main side's events and a call's reply carry (the camera's status, the mood, the
 * playlist). The reply and the events travel on different channels (HTTP and the WebSocket in browser mode,
 * IPC invoke and send in Electron), so an event sent after the reply was computed can arrive before it, and
 * the reply would then put an older state back. The main side sends an event for every change, so a reply is
 * only applied when no event for that state arrived while its call was in flight: otherwise the event stands
 * (and if that event was the older one, the change the call made comes in an event of its own).
 */
export class EventOrdered<T> {
  #events = 0;
  #latest: T | undefined;
  readonly #apply: (value: T) => void;

  constructor(apply: (value: T) => void) {
    this.#apply = apply;
  }

  /** An event carried the state: it is applied at once. */
  event(value: T): void {
    this.#events += 1;
    this.#latest = value;
    this.#apply(value);
  }

  /** Runs a call whose reply carries the state; applies the reply unless an event overtook it. */
  async reply(call: () => Promise<T>): Promise<T> {
    const { value, overtaken } = await this.track(call);
    if (!overtaken) this.#apply(value);
    return value;
  }

  /**
   * Runs a call whose reply carries the state among other things (the app's info holds the emotion model's
   * status), and says whether an event overtook it; the caller then keeps `latest`, the event's state.
   */
  async track<R>(call: () => Promise<R>): Promise<{ value: R; overtaken: boolean }> {
    const before = this.#events;
    const value = await call();
    return { value, overtaken: this.#events !== before };
  }

  /** The state the latest event carried (undefined before the first). */
  get latest(): T | undefined {
    return this.#latest;
  }
}
