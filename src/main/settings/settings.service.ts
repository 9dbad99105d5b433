import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EmotuneError } from '../../shared/errors.ts';
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
 * is kept aside as settings.json.broken-<time> (nothing is lost) and the defaults are used; a file with some
 * bad values keeps its good ones (the bad ones are named in the log, in plain words). Writes go to a temporary
 * file renamed into place. A change that cannot be written (a full or read-only disk) still holds for this
 * run, as the app has applied it (a camera turned off is off), and `update` says it was not saved.
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
    try {
      this.#write(chosen);
    } catch (error) {
      throw new EmotuneError(
        'not-saved',
        `the change applies now, but could not be saved for the next start (${(error as Error).message}): free some disk space or check ${this.#path}`,
        { cause: error },
      );
    }
    return this.get();
  }

  #read(log: (message: string) => void): SettingsPatch {
    if (!existsSync(this.#path)) return {};
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(this.#path, 'utf8'));
      if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('not a JSON object');
    } catch (error) {
      const aside = this.#keepAside();
      log(`settings.json could not be read (${(error as Error).message}); kept it as ${aside} and used the defaults`);
      return {};
    }
    const { chosen, rejected } = validFieldsOf(raw as Record<string, unknown>);
    if (rejected.length > 0) {
      const aside = this.#keepAside();
      log(`settings.json had values this version cannot use (${rejected.join(', ')}); kept the file as ${aside}, used the defaults for those and kept the rest`);
      try {
        this.#write(chosen);
      } catch {
        // Read-only or full: the good values still hold for this run.
      }
    }
    return chosen;
  }

  #write(chosen: SettingsPatch): void {
    const tmp = `${this.#path}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(chosen, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, this.#path);
  }

  #keepAside(): string {
    const aside = `${this.#path}.broken-${Date.now()}`;
    try {
      renameSync(this.#path, aside);
    } catch {
      return `${this.#path} (could not be renamed)`;
    }
    return aside;
  }
}

/**
 * The known settings a file sets, each field checked on its own: fields of other versions are dropped
 * silently, invalid values are dropped and named (a nested group field by field).
 */
function validFieldsOf(raw: Record<string, unknown>): { chosen: SettingsPatch; rejected: string[] } {
  const rejected: string[] = [];
  const chosen: Record<string, unknown> = {};
  const shape = SettingsSchema.shape;
  const smoothingShape = shape.smoothing.unwrap().shape;
  for (const [key, value] of Object.entries(raw)) {
    if (!(key in shape)) continue;
    if (key === 'smoothing') {
      if (!value || typeof value !== 'object') {
        rejected.push('smoothing');
        continue;
      }
      const group: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        if (!(k in smoothingShape)) continue;
        if (smoothingShape[k as keyof typeof smoothingShape].safeParse(v).success) group[k] = v;
        else rejected.push(`smoothing.${k}`);
      }
      chosen.smoothing = group;
      continue;
    }
    if (shape[key as keyof typeof shape].safeParse(value).success) chosen[key] = value;
    else rejected.push(key);
  }
  // Fields valid one by one may still clash as a whole; then nothing of the file is trusted.
  const parsed = SettingsPatchSchema.safeParse(chosen);
  if (!parsed.success || !SettingsSchema.safeParse(chosen).success) return { chosen: {}, rejected: ['the file as a whole'] };
  return { chosen: parsed.data, rejected };
}
