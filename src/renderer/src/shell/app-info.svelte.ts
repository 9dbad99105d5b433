import type { ApiClient, AppInfo } from '../../../shared/api/index.ts';
import { ApiError } from '../api/envelope.ts';

/** Which backend and model run, the transport, and whether the main side is reachable. */
export class AppInfoStore {
  info = $state<AppInfo | null>(null);
  connected = $state(false);
  /** Set when the page has no access (browser mode opened without the token). */
  accessDenied = $state(false);
  readonly #client: ApiClient;

  constructor(client: ApiClient) {
    this.#client = client;
  }

  start(): () => void {
    const offConnection = this.#client.onConnectionChanged((connected) => (this.connected = connected));
    const offEmotion = this.#client.subscribe('emotion.statusChanged', (emotion) => {
      if (this.info) this.info = { ...this.info, emotion };
    });
    return () => {
      offConnection();
      offEmotion();
    };
  }

  async refresh(): Promise<void> {
    try {
      this.info = await this.#client.api['app.getInfo']({});
      this.accessDenied = false;
    } catch (error) {
      if (error instanceof ApiError && error.code === 'unauthorized') this.accessDenied = true;
      throw error;
    }
  }
}
