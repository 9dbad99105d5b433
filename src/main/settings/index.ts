export { DEFAULT_SETTINGS, SettingsPatchSchema, SettingsSchema, type Settings, type SettingsPatch } from '../../shared/settings.ts';
export { SettingsService, type SettingsServiceDeps } from './settings.service.ts';
