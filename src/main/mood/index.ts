export { MoodService, type MoodServiceDeps } from './mood.service.ts';
export { CALIBRATION_MIN_FRAMES, CALIBRATION_SECONDS, DEFAULT_RESTING_REFERENCE, ListenerCalibrationService } from './listener-calibration.ts';
