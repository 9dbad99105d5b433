import { describe, expect, it } from 'vitest';
import { NO_MOOD, type EmotionEstimate } from '../../../shared/api/index.ts';
import { moodHeadline } from './mood-headline.ts';

const estimate = (emotion: EmotionEstimate['emotion'], confidence: number): EmotionEstimate => ({
  emotion,
  confidence,
  probabilities: { angry: 0, disgust: 0, fear: 0, happy: 0, sad: 0, surprise: 0, neutral: 0, [emotion]: confidence },
});

describe('moodHeadline', () => {
  it('says plainly when it holds the shown mood while the camera reads another (never contradicting the bars)', () => {
    const state = { ...NO_MOOD, detected: estimate('happy', 0.7), faceVisible: true, effective: 'happy' as const };
    const holding = moodHeadline({ state, reading: estimate('neutral', 0.6), cameraOff: false, modelProblem: null });
    expect(holding).toMatchObject({ label: 'Happy', detail: 'Holding happy: the camera now reads neutral (60%); the mood changes if that lasts.' });
    const steady = moodHeadline({ state, reading: estimate('happy', 0.62), cameraOff: false, modelProblem: null });
    expect(steady.detail).toBe('62% sure · from the camera');
  });

  it('says what the bars lead with even while the shown mood, now unsure, is held (the reading is the shown mood\'s estimate)', () => {
    // The app's reading names the shown mood; its probabilities may already lead with another.
    const state = { ...NO_MOOD, detected: estimate('neutral', 0.07), faceVisible: true, uncertain: true, effective: 'neutral' as const };
    const reading: EmotionEstimate = { emotion: 'neutral', confidence: 0.07, probabilities: { angry: 0.02, disgust: 0.03, fear: 0.01, happy: 0.83, sad: 0.02, surprise: 0.02, neutral: 0.07 } };
    expect(moodHeadline({ state, reading, cameraOff: false, modelProblem: null })).toMatchObject({
      label: 'Neutral',
      detail: 'Holding neutral: the camera now reads happy (83%); the mood changes if that lasts.',
    });
  });

  it('announces only a change of mood: the same mood at another confidence announces the same text', () => {
    const state = { ...NO_MOOD, detected: estimate('sad', 0.5), faceVisible: true, effective: 'sad' as const };
    const a = moodHeadline({ state, reading: estimate('sad', 0.51), cameraOff: false, modelProblem: null });
    const b = moodHeadline({ state, reading: estimate('sad', 0.83), cameraOff: false, modelProblem: null });
    const c = moodHeadline({ state, reading: estimate('happy', 0.6), cameraOff: false, modelProblem: null });
    expect(a.announce).toBe('Mood: Sad');
    expect(b.announce).toBe(a.announce);
    expect(c.announce).toBe(a.announce);
    const chosen = moodHeadline({ state: { ...state, override: 'angry', effective: 'angry' }, reading: null, cameraOff: false, modelProblem: null });
    expect(chosen).toMatchObject({ label: 'Angry', detail: 'Chosen by you', announce: 'Mood: Angry, chosen by you' });
  });

  it('words the other states for a listener: not sure, no face, camera off, waiting', () => {
    const base = { ...NO_MOOD, detected: estimate('fear', 0.3), faceVisible: true, uncertain: true, effective: 'happy' as const };
    expect(moodHeadline({ state: base, reading: estimate('fear', 0.25), cameraOff: false, modelProblem: null })).toMatchObject({
      detail: 'Not sure (25%): the playlist stays happy.',
      faded: true,
    });
    expect(moodHeadline({ state: { ...base, faceVisible: false }, reading: null, cameraOff: false, modelProblem: null }).detail).toBe('No face in view: holding fear.');
    expect(moodHeadline({ state: NO_MOOD, reading: null, cameraOff: true, modelProblem: null })).toMatchObject({ label: 'Waiting for a face…', detail: 'The camera is off: pick a mood below.' });
    expect(moodHeadline({ state: NO_MOOD, reading: null, cameraOff: false, modelProblem: 'loading' }).detail).toBe('Getting the emotion model ready…');
  });
});
