import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SettingsSchema, type Settings, type SettingsPatch } from '../../shared/settings.ts';

export interface SettingsServiceDeps {
  dataDir: string;
  /** Values that win over the file for this run (command-line flags), not written back. */
  overrides?: Partial<Settings>;
  log?: (message: string) => void;
}

/**
 * Reads and writes settings.json. A file that cannot be parsed is kept aside as settings.json.broken-<time>
 * (nothing is lost) and the defaults are used; writes go to a temporary file renamed into place.
 */
export class SettingsService {
  readonly #path: string;
  readonly #overrides: Partial<Settings>;
  #stored: Settings;

  constructor(deps: SettingsServiceDeps) {
    this.#path = join(deps.dataDir, 'settings.json');
    this.#overrides = deps.overrides ?? {};
    this.#stored = this.#read(deps.log ?? (() => {}));
  }

  get(): Settings {
    return { ...this.#stored, ...this.#overrides };
  }

  update(patch: SettingsPatch): Settings {
    this.#stored = SettingsSchema.parse({
      ...this.#stored,
      ...patch,
      smoothing: { ...this.#stored.smoothing, ...patch.smoothing },
    });
    for (const key of Object.keys(patch) as (keyof SettingsPatch)[]) delete this.#overrides[key];
    const tmp = `${this.#path}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(this.#stored, null, 2)}\n`);
    renameSync(tmp, this.#path);
    return this.get();
  }

  #read(log: (message: string) => void): Settings {
    if (!existsSync(this.#path)) return SettingsSchema.parse({});
    try {
      return SettingsSchema.parse(JSON.parse(readFileSync(this.#path, 'utf8')));
    } catch (error) {
      const aside = `${this.#path}.broken-${Date.now()}`;
      renameSync(this.#path, aside);
      log(`settings.json could not be read (${(error as Error).message}); kept it as ${aside} and used defaults`);
      return SettingsSchema.parse({});
    }
  }
}
