export { AnalysisPool } from './analysis-pool.ts';
export { AnalysisService, type AnalysisServiceDeps } from './analysis.service.ts';
export { analyzeAudioFile, ANALYSIS_VERSION, type AudioFeatures } from './audio-features.ts';
export { sniffCodec } from './audio-headers.ts';
export { decodeAudioFile, excerptWindows, NeedsWindowDecoderError, type AudioCodec } from './decode-audio.ts';
export { decodePcm, PlatformDecoder, PLATFORM_DECODE_RATE, type DecodedPart, type DecodeRequest } from './platform-decoding.service.ts';
export { DESCRIPTOR_NAMES } from './descriptors.ts';
export { FeaturesRepository, type PendingSong } from './features.repository.ts';
export { loadMusicEmotionModel, loadSpotifyPlacement } from './load-music-model.ts';
export { checkPlacementFits, placeBySpotifyFeatures, SPOTIFY_PLACEMENT_FEATURES } from './spotify-placement.ts';
export { chooseLambdas, crossValidate, fitMusicEmotionModel, groupedFolds, LAMBDAS, type CrossValidation, type Lambdas, type TrainingExample } from './mer-training.ts';
export { fitLogistic, linear, sigmoid, standardisation, standardise, type LinearHead } from './logistic.ts';
export {
  classificationScores,
  isHighArousal,
  isPositiveValence,
  pearson,
  QUADRANTS,
  rocAuc,
  scoreMer,
  spearman,
  type ClassificationScores,
  type MerLabel,
  type MerPrediction,
  type MerScores,
  type Quadrant,
} from './mer-metrics.ts';
export {
  checkModelFits,
  combineHierarchy,
  MusicEmotionModelSchema,
  predictMusicEmotion,
  type MusicEmotion,
  type MusicEmotionModel,
} from './music-emotion-model.ts';
export { estimateTempo } from './tempo.ts';
export { BACKGROUND_NICENESS, canLowerThreadPriority, defaultAnalysisThreads, lowerThisThreadPriority } from './thread-priority.ts';
export { tempoAccuracy, tempoHit } from './tempo-accuracy.ts';
export { publishedTempoTracks, SYNTHETIC_TEMPI } from './tempo-test-set.ts';
