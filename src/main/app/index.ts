export { createServices, type AppConfig, type LiveServices, type Services } from './create-services.ts';
export { dispatch } from './dispatch.ts';
export { EventBus, type EventListener } from './event-bus.ts';
export { createHandlers } from './handlers.ts';
export { parseRange } from './http-range.ts';
export { createCoverResponse, createMediaResponse, type MediaResponse } from './media.ts';
export { analysisWorkerUrl, defaultDataDir, emotionWorkerUrl, findAppRoot, modelDirFor, scanWorkerUrl } from './paths.ts';
export { detectMedia, type DetectedFace, type DetectedFrame, type DetectionReport } from './detect-media.ts';
export { evaluateModel, type EvaluateOptions } from './evaluate-model.ts';
