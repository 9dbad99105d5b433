export { PlaylistService, RECENT_LISTS, type PlaylistServiceDeps } from './playlist.service.ts';
export { loadEmotionRules, loadEmotionTargets, Recommender, type RecommenderDeps, type RecommendOptions } from './recommender.service.ts';
export { RecommendRepository, netFeedback, type FeedbackKind, type SongFeedback } from './recommend.repository.ts';
export { MoodIndex, pickDiverse, type MoodPoint } from './mood-index.ts';
export { MOOD_TARGETS, LIFT_GOAL, regionFit, describeSong, feedbackFactor } from './mood-space.ts';
export { cosineSimilarity, rankBySimilarity, SIMILARITY_THRESHOLD, type EmotionTargets, type FeatureVector } from './similarity.ts';
export { choosePool, EmotionRulesSchema, sampleWithoutReplacement, seededRandom, type EmotionRules } from './rules.ts';
