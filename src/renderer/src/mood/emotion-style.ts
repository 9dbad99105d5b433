import type { Emotion } from '../../../shared/emotion.ts';

/** How each emotion looks in the UI: label, emoji, colour, and its number-key shortcut (FER-2013 order). */
export const EMOTION_STYLE: Record<Emotion, { label: string; emoji: string; color: string; key: string }> = {
  angry: { label: 'Angry', emoji: '😠', color: '#e5534b', key: '1' },
  disgust: { label: 'Disgust', emoji: '🤢', color: '#8ab34a', key: '2' },
  fear: { label: 'Fear', emoji: '😨', color: '#9b7bd4', key: '3' },
  happy: { label: 'Happy', emoji: '😄', color: '#f6c453', key: '4' },
  sad: { label: 'Sad', emoji: '😢', color: '#4f8fd9', key: '5' },
  surprise: { label: 'Surprise', emoji: '😲', color: '#f08c3a', key: '6' },
  neutral: { label: 'Neutral', emoji: '😐', color: '#9aa4ae', key: '7' },
};

export function formatPercent(value: number): string {
  return `${Math.round(value * 100)}%`;
}
