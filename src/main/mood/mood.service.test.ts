import { describe, expect, it } from 'vitest';
import type { MoodFrame, MoodPoint, MoodState } from '../../shared/api/index.ts';
import { toProbabilities, type Probabilities } from '../../shared/emotion.ts';
import type { CameraFrame } from '../camera/index.ts';
import type { ClassifierStatus } from '../emotion/index.ts';
import { MoodService } from './mood.service.ts';

const HAPPY = toProbabilities([0, 0, 0, 0.9, 0, 0, 0.1]);
const NEUTRAL = toProbabilities([0, 0, 0, 0.1, 0, 0, 0.9]);
const SAD = toProbabilities([0, 0, 0, 0.1, 0.85, 0, 0.05]);

function frame(at: number, faces: CameraFrame['faces'] = [[10, 10, 50, 50]]): CameraFrame {
  return {
    gray: { data: new Uint8Array(4), width: 2, height: 2 },
    faces,
    scale: 0.5,
    tracked: false,
    color: null as never,
    detectMs: 3,
    capturedAt: at,
    captureMs: 1,
  };
}

/** The service's classifier dependency, answering with whatever the test sets. */
function classifier(state: ClassifierStatus['state'] = 'ready') {
  const fake = {
    next: HAPPY as Probabilities,
    status: { state, backend: 'wasm', model: 'm', displayName: 'M', inputSize: 64, message: null } as ClassifierStatus,
    async classify() {
      return { probabilities: [fake.next], faces: [], preprocessMs: 1, inferMs: 4, meshMs: 0 };
    },
  };
  return fake;
}

function service(fake = classifier()) {
  const frames: MoodFrame[] = [];
  const states: MoodState[] = [];
  const added: MoodPoint[] = [];
  const mood = new MoodService({
    classifier: fake,
    smoothing: () => ({ timeConstantSec: 0.5, switchMargin: 0.1, holdSec: 1, resetAfterSec: 10, uncertainBelow: 0.4 }),
    onFrameAnalyzed: (f) => frames.push(f),
    onChanged: (s) => states.push(s),
    onHistoryAdded: (p) => added.push(p),
  });
  return { mood, frames, states, fake, added };
}

describe('MoodService', () => {
  it('classifies the largest face and reports raw and smoothed values with timings', async () => {
    const { mood, frames, states } = service();
    await mood.handleFrame(frame(1000));
    expect(frames[0]).toMatchObject({
      faceCount: 1,
      face: [20, 20, 100, 100],
      raw: { emotion: 'happy', confidence: 0.9 },
      smoothed: { emotion: 'happy' },
      timings: { detectMs: 3, inferMs: 5, totalMs: 9 },
    });
    expect(states.at(-1)).toMatchObject({ detected: { emotion: 'happy' }, faceVisible: true, effective: 'happy' });
  });

  it('holds the shown mood while a new one is emerging, then switches', async () => {
    const { mood, fake } = service();
    await mood.handleFrame(frame(0));
    fake.next = NEUTRAL;
    await mood.handleFrame(frame(1000));
    expect(mood.state).toMatchObject({ detected: { emotion: 'happy' }, emerging: 'neutral' });
    await mood.handleFrame(frame(2100));
    expect(mood.state).toMatchObject({ detected: { emotion: 'neutral' }, emerging: null, effective: 'neutral' });
  });

  it('marks a low-confidence mood uncertain, and the playlist keeps the last confident one', async () => {
    const { mood, fake } = service();
    await mood.handleFrame(frame(0));
    fake.next = toProbabilities([0.2, 0.1, 0.2, 0.05, 0.15, 0.05, 0.25]);
    for (let t = 1000; t <= 10_000; t += 500) await mood.handleFrame(frame(t));
    expect(mood.state).toMatchObject({ detected: { emotion: 'neutral' }, uncertain: true, effective: 'happy' });
    fake.next = NEUTRAL;
    for (let t = 10_500; t <= 14_000; t += 500) await mood.handleFrame(frame(t));
    expect(mood.state).toMatchObject({ detected: { emotion: 'neutral' }, uncertain: false, effective: 'neutral' });
  });

  it('lets the override win until it is cleared', async () => {
    const { mood } = service();
    await mood.handleFrame(frame(0));
    expect(mood.setOverride('sad')).toMatchObject({ override: 'sad', effective: 'sad', detected: { emotion: 'happy' } });
    expect(mood.setOverride(null)).toMatchObject({ override: null, effective: 'happy' });
  });

  it('says when the face is gone, keeping the last mood', async () => {
    const { mood } = service();
    await mood.handleFrame(frame(0));
    await mood.handleFrame(frame(5000, []));
    expect(mood.state).toMatchObject({ faceVisible: false, detected: { emotion: 'happy' } });
    mood.cameraLost();
    expect(mood.state.faceVisible).toBe(false);
  });

  it('still reports faces while the model is not ready', async () => {
    const { mood, frames } = service(classifier('loading'));
    await mood.handleFrame(frame(0));
    expect(frames[0]).toMatchObject({ faceCount: 1, raw: null, smoothed: null });
    expect(mood.state.detected).toBeNull();
  });

  it('keeps the mood history of the frames with a classified face, a point a second, and announces each point', async () => {
    const { mood, added } = service();
    for (let at = 1000; at <= 3000; at += 250) await mood.handleFrame(frame(at));
    // No face for a while: the smoothed mood lingers, but nothing is seen, so nothing joins the history.
    for (let at = 3250; at <= 6000; at += 250) await mood.handleFrame(frame(at, []));
    expect(mood.history.map((p) => p.at)).toEqual([1000, 2000, 3000]);
    expect(mood.history.every((p) => p.emotion === 'happy' && p.confidence > 0.4)).toBe(true);
    expect(added).toEqual(mood.history);
  });
});

describe('MoodService with calibration to the listener', () => {
  it('shows the listener hook the answer as the model gave it, and smooths the corrected one', async () => {
    const seen: Probabilities[] = [];
    const ticks: number[] = [];
    const frames: MoodFrame[] = [];
    const mood = new MoodService({
      classifier: classifier(),
      smoothing: () => ({ timeConstantSec: 0, switchMargin: 0.1, holdSec: 0, resetAfterSec: 10, uncertainBelow: 0.4 }),
      onFrameAnalyzed: (f) => frames.push(f),
      onChanged: () => {},
      // A listener whose resting face the model reads as happy: the correction turns it to neutral.
      listener: { collecting: false, observe: (p) => seen.push(p), adjust: () => NEUTRAL, tick: (at) => ticks.push(at) },
    });
    await mood.handleFrame(frame(1_000));
    expect(seen).toEqual([HAPPY]);
    expect(frames[0]?.raw?.emotion).toBe('neutral');
    expect(frames[0]?.smoothed?.emotion).toBe('neutral');
    await mood.handleFrame(frame(1_200, []));
    expect(ticks).toEqual([1_200]);
  });

  it('keeps frames the listener poses for the calibration out of the mood and its history', async () => {
    const listener = { collecting: false, observe: () => {}, adjust: (p: Probabilities) => p, tick: () => {} };
    const fake = classifier();
    const frames: MoodFrame[] = [];
    const mood = new MoodService({
      classifier: fake,
      smoothing: () => ({ timeConstantSec: 0, switchMargin: 0.1, holdSec: 0, resetAfterSec: 10, uncertainBelow: 0.4 }),
      onFrameAnalyzed: (f) => frames.push(f),
      onChanged: () => {},
      listener,
    });
    await mood.handleFrame(frame(1_000));
    expect(mood.state.detected?.emotion).toBe('happy');
    const history = mood.history.length;
    // Posing (a sad face the listener teaches it): each frame's reading is shown, the mood does not move.
    listener.collecting = true;
    fake.next = SAD;
    for (const at of [2_000, 3_000, 4_000]) await mood.handleFrame(frame(at));
    expect(frames.at(-1)?.raw?.emotion).toBe('sad');
    expect(mood.state.detected?.emotion).toBe('happy');
    expect(mood.history).toHaveLength(history);
    // Done posing: the camera leads the mood again.
    listener.collecting = false;
    await mood.handleFrame(frame(5_000));
    expect(mood.state.detected?.emotion).toBe('sad');
  });
});
