import type { ApiClient, CameraStatus, PreviewFrame } from '../../../shared/api/index.ts';
import { EventOrdered } from '../api/event-ordered.ts';

/** The camera's state and its latest preview frame. */
export class CameraStore {
  status = $state<CameraStatus | null>(null);
  preview = $state<PreviewFrame | null>(null);
  error = $state<string | null>(null);
  /** Turned off by the user (the camera released), as opposed to missing, busy or starting. */
  readonly off = $derived(this.status?.state === 'stopped');
  readonly #client: ApiClient;
  readonly #status = new EventOrdered<CameraStatus>((status) => {
    this.status = status;
    if (status.state !== 'live') this.preview = null;
  });

  constructor(client: ApiClient) {
    this.#client = client;
  }

  start(): () => void {
    const offStatus = this.#client.subscribe('camera.statusChanged', (status) => this.#status.event(status));
    const offPreview = this.#client.subscribe('camera.framePreviewed', (preview) => (this.preview = preview));
    return () => {
      offStatus();
      offPreview();
    };
  }

  async refresh(): Promise<void> {
    await this.#status.reply(() => this.#client.api['camera.getStatus']({}));
  }

  /** Off releases the camera: nothing is captured until it is turned on again (remembered across restarts). */
  async setEnabled(enabled: boolean): Promise<void> {
    await this.#change(() => this.#client.api['camera.setEnabled']({ enabled }));
  }

  /** On when off, off when on (the camera card's button, key C). */
  async toggle(): Promise<void> {
    await this.setEnabled(this.off);
  }

  async setSource(source: string): Promise<void> {
    await this.#change(() => this.#client.api['camera.setSource']({ source }));
  }

  /** A change whose reply is the new status; a refusal is kept to be shown. */
  async #change(request: () => Promise<CameraStatus>): Promise<void> {
    try {
      await this.#status.reply(request);
      this.error = null;
    } catch (error) {
      this.error = (error as Error).message;
    }
  }
}
