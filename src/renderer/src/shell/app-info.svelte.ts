import type { ApiClient, AppInfo } from '../../../shared/api/index.ts';
import { ApiError } from '../api/envelope.ts';
import { EventOrdered } from '../api/event-ordered.ts';

/** Which backend and model run, the transport, and whether the main side is reachable. */
export class AppInfoStore {
  info = $state<AppInfo | null>(null);
  connected = $state(false);
  /** Set when the page has no access (browser mode opened without the token). */
  accessDenied = $state(false);
  readonly #client: ApiClient;
  readonly #emotion = new EventOrdered<AppInfo['emotion']>((emotion) => {
    if (this.info) this.info = { ...this.info, emotion };
  });

  constructor(client: ApiClient) {
    this.#client = client;
  }

  start(): () => void {
    const offConnection = this.#client.onConnectionChanged((connected) => (this.connected = connected));
    const offEmotion = this.#client.subscribe('emotion.statusChanged', (emotion) => this.#emotion.event(emotion));
    return () => {
      offConnection();
      offEmotion();
    };
  }

  async refresh(): Promise<void> {
    try {
      // The model can finish loading while the call is in flight: an event that overtook the reply is newer.
      const { value: info, overtaken } = await this.#emotion.track(() => this.#client.api['app.getInfo']({}));
      const latest = this.#emotion.latest;
      this.info = overtaken && latest ? { ...info, emotion: latest } : info;
      this.accessDenied = false;
    } catch (error) {
      if (error instanceof ApiError && error.code === 'unauthorized') this.accessDenied = true;
      throw error;
    }
  }
}
