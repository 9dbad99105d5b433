import { describe, expect, it } from 'vitest';
import { EMOTIONS, type Emotion } from '../../shared/emotion.ts';
import type { GeometryHeadParams } from '../emotion/index.ts';
import type { PhotoEvaluation } from './evaluate-photos.ts';
import { learntWhileListeningAnswers } from './learnt-while-listening.ts';

type Answer = PhotoEvaluation['answers'][number];
const AT_REST = [0.05, 0.01, 0.04, 0.05, 0.2, 0.05, 0.6];
const REFERENCE = [0.1, 0.02, 0.08, 0.1, 0.18, 0.03, 0.49];
// One shape feature: above the person's resting value reads happier.
const HEAD: GeometryHeadParams = { scale: 1, offset: [0, 0, 0, 0, 0, 0, 0], featureMean: [0], featureSpread: [1], weights: [[0, 0, 0, 3, 0, 0, -3]] };
const reader = { head: HEAD, weight: 1, temperature: 1 };
const top = (p: readonly number[] | null): Emotion | null => (p ? (EMOTIONS[p.indexOf(Math.max(...p))] as Emotion) : null);
const photo = (subject: string | null, expression: Emotion, geometry: number[] | null, probabilities: number[] | null = AT_REST): Answer => ({
  file: `${subject}-${expression}-${geometry}`,
  expression,
  subject,
  predicted: null,
  confidence: null,
  probabilities,
  faceSidePx: 200,
  combined: probabilities,
  geometry,
});

describe('learntWhileListeningAnswers', () => {
  it('reads each face from its person\'s other neutral-read faces, without labels, and leaves the rest', () => {
    const answers = [
      photo('a', 'neutral', [0.3]),
      photo('a', 'neutral', [0.3]),
      photo('a', 'happy', [1.3]), // the networks read it as at rest (so it counts as neutral-read); its shape moved
      photo('b', 'happy', [1.3], [0.01, 0.01, 0.01, 0.9, 0.02, 0.02, 0.03]), // b has no neutral-read face
      photo('a', 'neutral', null), // too small to measure
      photo(null, 'neutral', [0.3]), // nobody known
      photo('a', 'neutral', [0.3]),
      photo('a', 'neutral', [0.3]),
    ];
    const learnt = learntWhileListeningAnswers(answers, new Map([['a', reader], ['b', reader]]), REFERENCE);
    expect(top(answers[2]?.probabilities ?? null)).toBe('neutral');
    expect(top(learnt.answers[2]?.probabilities ?? null)).toBe('happy');
    expect(top(learnt.answers[0]?.probabilities ?? null)).toBe('neutral');
    expect(learnt.answers[3]?.probabilities).toEqual(answers[3]?.probabilities);
    expect(learnt.answers[4]?.probabilities).toEqual(AT_REST);
    expect(learnt.answers[5]?.probabilities).toEqual(AT_REST);
    expect(learnt).toMatchObject({ peopleLearnt: 1, neutralReadPerPerson: { a: 5, b: 0 } });
    // The answers given are not changed; and the labels play no part.
    expect(answers[2]?.probabilities).toEqual(AT_REST);
    const relabelled = answers.map((a) => ({ ...a, expression: 'sad' as Emotion }));
    expect(learntWhileListeningAnswers(relabelled, new Map([['a', reader]]), REFERENCE).answers.map((a) => a.probabilities)).toEqual(learnt.answers.map((a) => a.probabilities));
  });

  it('never takes a face for its own resting face', () => {
    // A person with one neutral-read face: that face has no other to learn from and keeps its answer.
    const beaming = [0.01, 0.01, 0.01, 0.9, 0.02, 0.02, 0.03];
    const answers = [photo('a', 'neutral', [0.3]), photo('a', 'happy', [1.3], beaming)];
    const learnt = learntWhileListeningAnswers(answers, new Map([['a', reader]]), REFERENCE);
    expect(learnt.answers[0]?.probabilities).toEqual(AT_REST);
    expect(learnt.answers[1]?.probabilities).not.toEqual(beaming);
    expect(top(learnt.answers[1]?.probabilities ?? null)).toBe('happy');
  });
});
