import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SettingsPatchSchema, SettingsSchema, type Settings, type SettingsPatch } from '../../shared/settings.ts';

export interface SettingsServiceDeps {
  dataDir: string;
  /** Values that win over the file for this run (command-line flags), not written back. */
  overrides?: Partial<Settings>;
  log?: (message: string) => void;
}

/**
 * Reads and writes settings.json. Only what the user chose is written, so a default that changes in a later
 * version (a better emotion model) reaches everyone who never chose otherwise. A file that cannot be parsed
 * is kept aside as settings.json.broken-<time> (nothing is lost) and the defaults are used; writes go to a
 * temporary file renamed into place.
 */
export class SettingsService {
  readonly #path: string;
  readonly #overrides: Partial<Settings>;
  /** The values the user set (validated), as written to the file. */
  #chosen: SettingsPatch;
  #stored: Settings;

  constructor(deps: SettingsServiceDeps) {
    this.#path = join(deps.dataDir, 'settings.json');
    this.#overrides = deps.overrides ?? {};
    this.#chosen = this.#read(deps.log ?? (() => {}));
    this.#stored = SettingsSchema.parse(this.#chosen);
  }

  get(): Settings {
    return { ...this.#stored, ...this.#overrides };
  }

  update(patch: SettingsPatch): Settings {
    const chosen: SettingsPatch = {
      ...this.#chosen,
      ...patch,
      ...(patch.smoothing ? { smoothing: { ...this.#chosen.smoothing, ...patch.smoothing } } : {}),
    };
    this.#stored = SettingsSchema.parse(chosen);
    this.#chosen = chosen;
    for (const key of Object.keys(patch) as (keyof SettingsPatch)[]) delete this.#overrides[key];
    const tmp = `${this.#path}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(chosen, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, this.#path);
    return this.get();
  }

  #read(log: (message: string) => void): SettingsPatch {
    if (!existsSync(this.#path)) return {};
    try {
      const raw: unknown = JSON.parse(readFileSync(this.#path, 'utf8'));
      SettingsSchema.parse(raw); // every value valid, or the file goes aside
      return chosenIn(raw as Record<string, unknown>);
    } catch (error) {
      const aside = `${this.#path}.broken-${Date.now()}`;
      renameSync(this.#path, aside);
      log(`settings.json could not be read (${(error as Error).message}); kept it as ${aside} and used defaults`);
      return {};
    }
  }
}

/** The known settings a file sets (fields of other versions dropped), as a patch over the defaults. */
function chosenIn(raw: Record<string, unknown>): SettingsPatch {
  const known = Object.fromEntries(Object.entries(raw).filter(([key]) => key in SettingsSchema.shape));
  const smoothingKeys = SettingsSchema.shape.smoothing.unwrap().shape;
  if (known.smoothing && typeof known.smoothing === 'object') {
    known.smoothing = Object.fromEntries(Object.entries(known.smoothing).filter(([key]) => key in smoothingKeys));
  }
  return SettingsPatchSchema.parse(known);
}
