import type { ApiClient, AppInfo } from '../../../shared/api/index.ts';
import { ApiError } from '../api/envelope.ts';

/** Which backend and model run, the transport, and whether the main side is reachable. */
export class AppInfoStore {
  info = $state<AppInfo | null>(null);
  connected = $state(false);
  /** Set when the page has no access (browser mode opened without the token). */
  accessDenied = $state(false);
  readonly #client: ApiClient;
  /** The emotion engine's status from the latest event, and how many came (see EventOrdered for why). */
  #emotion: AppInfo['emotion'] | null = null;
  #emotionEvents = 0;

  constructor(client: ApiClient) {
    this.#client = client;
  }

  start(): () => void {
    const offConnection = this.#client.onConnectionChanged((connected) => (this.connected = connected));
    const offEmotion = this.#client.subscribe('emotion.statusChanged', (emotion) => {
      this.#emotion = emotion;
      this.#emotionEvents += 1;
      if (this.info) this.info = { ...this.info, emotion };
    });
    return () => {
      offConnection();
      offEmotion();
    };
  }

  async refresh(): Promise<void> {
    try {
      const before = this.#emotionEvents;
      const info = await this.#client.api['app.getInfo']({});
      // The model can finish loading while the call is in flight: an event that overtook the reply is newer.
      this.info = this.#emotionEvents !== before && this.#emotion ? { ...info, emotion: this.#emotion } : info;
      this.accessDenied = false;
    } catch (error) {
      if (error instanceof ApiError && error.code === 'unauthorized') this.accessDenied = true;
      throw error;
    }
  }
}
