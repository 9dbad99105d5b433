/**
 * A token bucket: `capacity` requests at once, refilled at `perSecond`. Browser mode serves one user's pages;
 * they make a few requests a second. A flood (a runaway script with the token, 200 requests a second) would
 * otherwise queue work on the one thread that also pushes mood events and streams audio; over the budget, API
 * calls are refused at once (429, Retry-After) and the rest keeps flowing.
 */
export class TokenBucket {
  readonly #capacity: number;
  readonly #perSecond: number;
  readonly #now: () => number;
  #tokens: number;
  #at: number;

  constructor(options: { capacity: number; perSecond: number; now?: () => number }) {
    this.#capacity = options.capacity;
    this.#perSecond = options.perSecond;
    this.#now = options.now ?? (() => performance.now());
    this.#tokens = options.capacity;
    this.#at = this.#now();
  }

  /** Takes one token if there is one. */
  take(): boolean {
    const now = this.#now();
    this.#tokens = Math.min(this.#capacity, this.#tokens + ((now - this.#at) / 1000) * this.#perSecond);
    this.#at = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /** Seconds until the next token. */
  get retryAfterSec(): number {
    return Math.max(1, Math.ceil((1 - this.#tokens) / this.#perSecond));
  }
}

/** The API budget of browser mode: far above what the UI asks (a handful a second), far below a flood. */
export const API_RATE = { capacity: 200, perSecond: 100 } as const;
