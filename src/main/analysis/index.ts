export { AnalysisPool } from './analysis-pool.ts';
export { AnalysisService, type AnalysisServiceDeps } from './analysis.service.ts';
export { analyzeAudioFile, ANALYSIS_VERSION, type AudioFeatures } from './audio-features.ts';
export { decodeAudioFile, sniffCodec, type AudioCodec } from './decode-audio.ts';
export { FeaturesRepository, type PendingSong } from './features.repository.ts';
export { estimateTempo } from './tempo.ts';
export { tempoAccuracy, tempoHit } from './tempo-accuracy.ts';
export { publishedTempoTracks, SYNTHETIC_TEMPI } from './tempo-test-set.ts';
