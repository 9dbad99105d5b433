export { PlaylistService, type PlaylistServiceDeps } from './playlist.service.ts';
export { loadEmotionRules, loadEmotionTargets, Recommender, type RecommenderDeps } from './recommender.service.ts';
export { cosineSimilarity, rankBySimilarity, SIMILARITY_THRESHOLD, type EmotionTargets, type FeatureVector } from './similarity.ts';
export { choosePool, EmotionRulesSchema, sampleWithoutReplacement, seededRandom, type EmotionRules } from './rules.ts';
