export { EmotionClassifier, memberThreadsByDefault, type Classification, type ClassifierStatus, type EmotionClassifierDeps } from './emotion-classifier.ts';
export { renderEvalReport, type EvalResult } from './eval-report.ts';
export { readFerCsv, type FerRow, type FerUsage } from './fer-csv.ts';
export { classificationMetrics, type ClassificationMetrics, type ClassMetrics } from './metrics.ts';
export { AnyModelManifestSchema, CameraOffsetSchema, EnsembleManifestSchema, GeometryHeadSchema, MANIFEST_FILE, ModelManifestSchema, type AnyModelManifest, type CameraOffset, type EnsembleManifest, type GeometryHead, type ModelManifest } from './model-manifest.ts';
export {
  applyCameraOffset,
  CAMERA_OFFSET_L2,
  cameraReference,
  cameraWeight,
  chooseRestingWeight,
  crossFitCameraOffset,
  crossFitRestingWeight,
  fitCameraOffset,
  RESTING_WEIGHTS,
  restingCalibratedHits,
  restingWeightScores,
  type CameraFitRow,
  type PersonAnswers,
} from './camera-offset.ts';
export { combineAnswers, memberWeight } from './ensemble.ts';
export { raterAgreement, type RatedAnswer, type RaterAgreement } from './rater-agreement.ts';
export { memberFolder, readModelFolder, type ModelFolder } from './model-folder.ts';
export { DEFAULT_FACE_FRAMING, frameFace, preprocessFace, type FaceFraming, type GrayImage } from './preprocess.ts';
export { INITIAL_SMOOTHER_STATE, updateSmoother, type SmootherState, type SmoothingParams } from './smoothing.ts';

/** Where the emotion worker's entry is, relative to a module in the same folder as the built bundle. */
export const EMOTION_WORKER_FILE = 'emotion.worker.js';
export { applyLogitOffset, applyTemperature, calibration, EXPRESSION_FIT_PRIOR, expressionOffset, restingFaceOffset, type ShownExpression, fitTemperature, negativeLogLikelihood, type Calibration, type ReliabilityBin } from './calibration.ts';
export { GEOMETRY_FEATURES, geometryFeatures, MESH_LANDMARKS } from './face-geometry.ts';
export {
  applyGeometryCalibration,
  applyGeometryHead,
  chooseGeometryCalibration,
  crossFitGeometryHead,
  fitGeometryHead,
  fitGeometryHeadOnPhotos,
  GEOMETRY_HEAD_L2,
  GEOMETRY_RESTING_WEIGHT,
  GEOMETRY_RESTING_WEIGHTS,
  geometryHeadReference,
  geometryRestingOffset,
  meanVector,
  type GeometryCalibration,
  type GeometryFitRow,
  type GeometryHeadParams,
  type GeometryPhoto,
} from './geometry-head.ts';
