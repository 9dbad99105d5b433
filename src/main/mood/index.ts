export { MoodService, type MoodServiceDeps } from './mood.service.ts';
