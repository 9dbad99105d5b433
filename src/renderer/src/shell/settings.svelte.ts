import type { ApiClient, MethodOutput } from '../../../shared/api/index.ts';
import { settingsChanges, type Settings, type SettingsPatch } from '../../../shared/settings.ts';

type ModelChoice = MethodOutput<'emotion.listModels'>['models'][number];

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

  /**
   * The models to offer: the shipped ones, and the current one where it is not among them (a model folder given
   * on the command line or in settings.json), so the choice shows what runs and can be kept.
   */
  get modelChoices(): ModelChoice[] {
    const current = this.settings?.emotionModel;
    if (!current || this.models.some((m) => m.name === current)) return this.models;
    const folder = current.split(/[\\/]/).filter(Boolean).at(-1) ?? current;
    return [...this.models, { name: current, displayName: `${folder} (folder ${current})`, inputSize: 0, measured: null }];
  }

  /** Saves the form's values: only those that differ from the saved settings are sent (nothing, if none). */
  async save(draft: SettingsPatch): Promise<boolean> {
    const patch = this.settings ? settingsChanges(this.settings, draft) : draft;
    if (Object.keys(patch).length === 0) {
      this.error = null;
      return true;
    }
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
