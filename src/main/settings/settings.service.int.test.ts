import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../testing/temp-dir.ts';
import { DEFAULT_SETTINGS } from '../../shared/settings.ts';
import { SettingsService } from './settings.service.ts';

const temp = useTempDir();

describe('SettingsService', () => {
  it('starts from defaults and persists updates', () => {
    const settings = new SettingsService({ dataDir: temp.path });
    expect(settings.get()).toEqual(DEFAULT_SETTINGS);
    settings.update({ cameraSource: '/videos/me.avi', playlistSize: 8 });
    const reread = new SettingsService({ dataDir: temp.path });
    expect(reread.get().cameraSource).toBe('/videos/me.avi');
    expect(reread.get().playlistSize).toBe(8);
    expect(reread.get().smoothing).toEqual(DEFAULT_SETTINGS.smoothing);
  });

  it('merges a partial smoothing patch into the saved smoothing', () => {
    const settings = new SettingsService({ dataDir: temp.path });
    settings.update({ smoothing: { holdSec: 3 } });
    expect(settings.get().smoothing).toEqual({ ...DEFAULT_SETTINGS.smoothing, holdSec: 3 });
    expect(() => settings.update({ playlistSize: 0 })).toThrow();
    expect(new SettingsService({ dataDir: temp.path }).get().smoothing.holdSec).toBe(3);
  });

  it('lets command-line overrides win without writing them', () => {
    const settings = new SettingsService({ dataDir: temp.path, overrides: { cameraSource: 'clip.avi' } });
    expect(settings.get().cameraSource).toBe('clip.avi');
    settings.update({ playlistSize: 6 });
    expect(JSON.parse(readFileSync(join(temp.path, 'settings.json'), 'utf8')).cameraSource).toBe('0');
  });

  it('keeps a broken file aside and uses the defaults', () => {
    writeFileSync(join(temp.path, 'settings.json'), '{ "cameraSource": ');
    const messages: string[] = [];
    const settings = new SettingsService({ dataDir: temp.path, log: (m) => messages.push(m) });
    expect(settings.get()).toEqual(DEFAULT_SETTINGS);
    const kept = readdirSync(temp.path).filter((f) => f.startsWith('settings.json.broken-'));
    expect(kept).toHaveLength(1);
    expect(readFileSync(join(temp.path, kept[0] as string), 'utf8')).toBe('{ "cameraSource": ');
    expect(messages[0]).toMatch(/could not be read/);
    expect(existsSync(join(temp.path, 'settings.json'))).toBe(false);
  });
});
