import type { ApiClient, MethodOutput } from '../../../shared/api/index.ts';
import type { Settings, SettingsPatch } from '../../../shared/settings.ts';

/** The settings panel's state: what is saved, the models to choose from, and the outcome of a save. */
export class SettingsStore {
  settings = $state<Settings | null>(null);
  models = $state<MethodOutput<'emotion.listModels'>['models']>([]);
  saving = $state(false);
  error = $state<string | null>(null);
  savedAt = $state<number | null>(null);
  readonly #client: ApiClient;

  constructor(client: ApiClient) {
    this.#client = client;
  }

  async refresh(): Promise<void> {
    const [settings, models] = await Promise.all([
      this.#client.api['settings.get']({}),
      this.#client.api['emotion.listModels']({}),
    ]);
    this.settings = settings;
    this.models = models.models;
  }

  async save(patch: SettingsPatch): Promise<boolean> {
    this.saving = true;
    try {
      this.settings = await this.#client.api['settings.update'](patch);
      this.error = null;
      this.savedAt = Date.now();
      return true;
    } catch (error) {
      this.error = (error as Error).message;
      return false;
    } finally {
      this.saving = false;
    }
  }
}
