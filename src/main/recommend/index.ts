export { PlaylistService, RECENT_LISTS, type PlaylistServiceDeps } from './playlist.service.ts';
export { loadEmotionRules, loadEmotionTargets, Recommender, type RecommenderDeps, type RecommendOptions } from './recommender.service.ts';
export { RecommendRepository, netFeedback, type FeedbackKind, type SongFeedback } from './recommend.repository.ts';
export { MoodIndex, pickDiverse, type MoodPoint } from './mood-index.ts';
export { MOOD_TARGETS, LIFT_GOAL, regionFit, describeSong, feedbackFactor, coordinateConfidence, type MoodTarget } from './mood-space.ts';
export { chooseForMood, targetsFor, type MoodChoice, type MoodChoiceInput } from './mood-ranking.ts';
export { mean, ndcgAt, precisionAt } from './rec-metrics.ts';
export { cosineSimilarity, rankBySimilarity, SIMILARITY_THRESHOLD, type EmotionTargets, type FeatureVector } from './similarity.ts';
export { choosePool, EmotionRulesSchema, sampleWithoutReplacement, seededRandom, type EmotionRules } from './rules.ts';
