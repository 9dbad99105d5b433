import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, SettingsPatchSchema, SettingsSchema, settingsChanges } from './settings.ts';

describe('settings schemas', () => {
  it('gives every setting a default', () => {
    expect(SettingsSchema.parse({})).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS.emotionModel).toBe('emotune-trio');
  });

  it('parses a patch to exactly the fields it names, so an update leaves the others alone', () => {
    expect(SettingsPatchSchema.parse({ playlistSize: 3 })).toEqual({ playlistSize: 3 });
    expect(SettingsPatchSchema.parse({ smoothing: { holdSec: 3 } })).toEqual({ smoothing: { holdSec: 3 } });
    expect(SettingsPatchSchema.parse({})).toEqual({});
  });

  it('refuses unknown fields and out-of-range values in a patch', () => {
    expect(SettingsPatchSchema.safeParse({ playlistSize: 0 }).success).toBe(false);
    expect(SettingsPatchSchema.safeParse({ nodeIntegration: true }).success).toBe(false);
    expect(SettingsPatchSchema.safeParse({ smoothing: { holdSec: 3, extra: 1 } }).success).toBe(false);
    expect(SettingsPatchSchema.safeParse({ emotionModel: '' }).success).toBe(false);
  });

  it('turns a form\'s fields into a patch of only what changed', () => {
    const saved = { ...DEFAULT_SETTINGS, emotionModel: '/models/mine', smoothing: { ...DEFAULT_SETTINGS.smoothing, holdSec: 3 } };
    const form = { emotionModel: '/models/mine', playlistSize: 5, analyzeAfterImport: true, smoothing: { ...saved.smoothing } };
    expect(settingsChanges(saved, form)).toEqual({});
    expect(settingsChanges(saved, { ...form, playlistSize: 3, smoothing: { ...saved.smoothing, holdSec: 1.5, switchMargin: 0.2 } })).toEqual({
      playlistSize: 3,
      smoothing: { holdSec: 1.5, switchMargin: 0.2 },
    });
    expect(settingsChanges(saved, { ...form, emotionModel: 'mini-xception', analyzeAfterImport: false })).toEqual({
      emotionModel: 'mini-xception',
      analyzeAfterImport: false,
    });
  });
});
