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
    expect(JSON.parse(readFileSync(join(temp.path, 'settings.json'), 'utf8'))).toEqual({ playlistSize: 6 });
    expect(new SettingsService({ dataDir: temp.path }).get().cameraSource).toBe(DEFAULT_SETTINGS.cameraSource);
  });

  it('writes only what the user chose, so a default that changes later still reaches them', () => {
    const settings = new SettingsService({ dataDir: temp.path });
    settings.update({ playlistSize: 7 });
    settings.update({ smoothing: { holdSec: 2 } });
    expect(JSON.parse(readFileSync(join(temp.path, 'settings.json'), 'utf8'))).toEqual({ playlistSize: 7, smoothing: { holdSec: 2 } });
    // A file written by a version whose default model was another one, and one the user chose.
    writeFileSync(join(temp.path, 'settings.json'), JSON.stringify({ playlistSize: 7, retiredField: true, smoothing: { holdSec: 2, gone: 1 } }));
    expect(new SettingsService({ dataDir: temp.path }).get()).toEqual({ ...DEFAULT_SETTINGS, playlistSize: 7, smoothing: { ...DEFAULT_SETTINGS.smoothing, holdSec: 2 } });
    writeFileSync(join(temp.path, 'settings.json'), JSON.stringify({ emotionModel: 'mini-xception' }));
    const chosen = new SettingsService({ dataDir: temp.path });
    expect(chosen.get().emotionModel).toBe('mini-xception');
    chosen.update({ playlistSize: 4 });
    expect(JSON.parse(readFileSync(join(temp.path, 'settings.json'), 'utf8'))).toEqual({ emotionModel: 'mini-xception', playlistSize: 4 });
  });

  it('keeps the valid fields of a file with a bad value, names the bad one in plain words, and keeps the file aside', () => {
    writeFileSync(join(temp.path, 'settings.json'), JSON.stringify({ playlistSize: 0, cameraSource: 'clip.avi', smoothing: { holdSec: 2, switchMargin: 'x' } }));
    const messages: string[] = [];
    const settings = new SettingsService({ dataDir: temp.path, log: (m) => messages.push(m) });
    expect(settings.get()).toMatchObject({ playlistSize: DEFAULT_SETTINGS.playlistSize, cameraSource: 'clip.avi', smoothing: { holdSec: 2 } });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/playlistSize, smoothing\.switchMargin/);
    expect(messages[0]).not.toMatch(/"code"|too_small/);
    expect(readdirSync(temp.path).filter((f) => f.startsWith('settings.json.broken-'))).toHaveLength(1);
    // The good values are written back, so the next start has them too.
    expect(new SettingsService({ dataDir: temp.path }).get().cameraSource).toBe('clip.avi');
  });

  it('applies a change it cannot save for this run, and says so (a full or read-only disk)', async () => {
    const settings = new SettingsService({ dataDir: temp.path });
    settings.update({ cameraEnabled: true });
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(temp.path, 'settings.json.tmp')); // the write fails like a full disk would
    expect(() => settings.update({ cameraEnabled: false })).toThrow(expect.objectContaining({ code: 'not-saved', message: expect.stringMatching(/applies now, but could not be saved/) }));
    expect(settings.get().cameraEnabled).toBe(false);
  });

  it('keeps a file with an invalid value aside, and writes nothing for a refused update', () => {
    writeFileSync(join(temp.path, 'settings.json'), JSON.stringify({ playlistSize: 0 }));
    const settings = new SettingsService({ dataDir: temp.path });
    expect(settings.get()).toEqual(DEFAULT_SETTINGS);
    expect(readdirSync(temp.path).filter((f) => f.startsWith('settings.json.broken-'))).toHaveLength(1);
    settings.update({ playlistSize: 9 });
    expect(() => settings.update({ playlistSize: 9, analysisFps: 99 })).toThrow();
    expect(() => settings.update({ cameraSource: 'x'.repeat(900_000) })).toThrow();
    expect(settings.get().analysisFps).toBe(DEFAULT_SETTINGS.analysisFps);
    expect(JSON.parse(readFileSync(join(temp.path, 'settings.json'), 'utf8'))).toEqual({ playlistSize: 9 });
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
