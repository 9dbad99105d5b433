export { DEFAULT_SETTINGS, SettingsSchema, type Settings } from './settings.ts';
export { SettingsService, type SettingsServiceDeps } from './settings.service.ts';
