export { PlaylistService, type PlaylistServiceDeps } from './playlist.service.ts';
export { loadEmotionRules, Recommender, type RecommenderDeps } from './recommender.service.ts';
export { choosePool, EmotionRulesSchema, sampleWithoutReplacement, seededRandom, type EmotionRules } from './rules.ts';
