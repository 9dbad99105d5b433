import { describe, expect, it } from 'vitest';
import type { MoodFrame, MoodState } from '../../../shared/api/index.ts';
import { toProbabilities } from '../../../shared/emotion.ts';
import { createFakeClient } from '../testing/fake-client.ts';
import { MoodStore } from './mood.svelte.ts';

const happy = { emotion: 'happy' as const, confidence: 0.9, probabilities: toProbabilities([0, 0, 0, 0.9, 0, 0, 0.1]) };
const state = (override: MoodState['override']): MoodState => ({
  detected: happy,
  emerging: null,
  uncertain: false,
  faceVisible: true,
  override,
  effective: override ?? 'happy',
});
const frame = (at: number): MoodFrame => ({
  at,
  faceCount: 1,
  face: [0, 0, 10, 10],
  raw: happy,
  smoothed: happy,
  timings: { detectMs: 1, inferMs: 1, totalMs: 2 },
});

const OFF = { state: 'off' as const, progress: 0, model: 'm', message: null, expression: null, learned: [], shape: false, learntWhileListening: false };

describe('MoodStore', () => {
  it('follows mood events, and the main side’s mood history for the chart', async () => {
    const point = (at: number) => ({ at, emotion: 'happy' as const, confidence: 0.9 });
    let reply: () => void = () => {};
    const client = createFakeClient({
      'mood.getState': () => state(null),
      'mood.getCalibration': () => OFF,
      // The history the main side kept before this page opened; a point is announced while it is on its way.
      'mood.getHistory': () => new Promise((resolve) => (reply = () => resolve({ points: [point(1000), point(2000)] }))),
    });
    const store = new MoodStore(client);
    const stop = store.start();
    const refreshed = store.refresh();
    await Promise.resolve();
    client.emit('mood.historyAdded', point(3000));
    reply();
    await refreshed;
    expect(store.shown?.emotion).toBe('happy');
    expect(store.overriding).toBe(false);
    expect(store.history.map((p) => p.at)).toEqual([1000, 2000, 3000]);
    client.emit('mood.historyAdded', point(4000));
    expect(store.history.map((p) => p.at)).toEqual([1000, 2000, 3000, 4000]);
    // A frame updates the latest estimate, not the history (the main side decides what joins it).
    client.emit('mood.frameAnalyzed', frame(4500));
    expect(store.frame?.at).toBe(4500);
    expect(store.history).toHaveLength(4);
    // Points older than half an hour drop out.
    client.emit('mood.historyAdded', point(4000 + 31 * 60_000));
    expect(store.history).toHaveLength(1);
    stop();
  });

  it('survives two history fetches at once (the start and a reconnect), each with what overtook it', async () => {
    const point = (at: number) => ({ at, emotion: 'happy' as const, confidence: 0.9 });
    const replies: (() => void)[] = [];
    const client = createFakeClient({
      'mood.getState': () => state(null),
      'mood.getCalibration': () => OFF,
      'mood.getHistory': () => new Promise((resolve) => replies.push(() => resolve({ points: [point(1000)] }))),
    });
    const store = new MoodStore(client);
    const stop = store.start();
    const first = store.refresh();
    const second = store.refresh();
    await Promise.resolve();
    client.emit('mood.historyAdded', point(2000));
    replies[0]?.();
    await first;
    client.emit('mood.historyAdded', point(3000));
    replies[1]?.();
    await second;
    expect(store.history.map((p) => p.at)).toEqual([1000, 2000, 3000]);
    stop();
  });

  it('shows the confidence of the latest frame, which mood events carry only when it moves by 5 points', () => {
    const client = createFakeClient();
    const store = new MoodStore(client);
    const stop = store.start();
    client.emit('mood.changed', state(null));
    const fresher = { emotion: 'happy' as const, confidence: 0.87, probabilities: toProbabilities([0, 0, 0, 0.87, 0, 0, 0.13]) };
    client.emit('mood.frameAnalyzed', { ...frame(1000), smoothed: fresher });
    expect(store.shown).toEqual(fresher);
    // A frame whose smoothed mood is not the shown one yet (the state is about to change) does not replace it.
    const neutral = { emotion: 'neutral' as const, confidence: 0.6, probabilities: toProbabilities([0, 0, 0, 0.4, 0, 0, 0.6]) };
    client.emit('mood.frameAnalyzed', { ...frame(2000), smoothed: neutral });
    expect(store.shown).toEqual(happy);
    stop();
  });

  it('keeps a newer state that came by event before the reply of the override call', async () => {
    const client = createFakeClient({
      'mood.setOverride': ({ emotion }) => {
        // The main side sent the change, then a frame moved the mood on, before the reply arrived.
        client.emit('mood.changed', { ...state(emotion ?? null), faceVisible: false });
        return state(emotion ?? null);
      },
    });
    const store = new MoodStore(client);
    const stop = store.start();
    await store.setOverride('sad');
    expect(store.state.override).toBe('sad');
    expect(store.state.faceVisible).toBe(false);
    stop();
  });

  it('sets and clears the override through the API', async () => {
    const client = createFakeClient({ 'mood.setOverride': ({ emotion }) => state(emotion ?? null) });
    const store = new MoodStore(client);
    await store.setOverride('sad');
    expect(store.state.override).toBe('sad');
    expect(store.overriding).toBe(true);
    await store.setOverride(null);
    expect(store.state.effective).toBe('happy');
    expect(client.calls.map((c) => c.input)).toEqual([{ emotion: 'sad' }, { emotion: null }]);
  });

  it('shows the error when the main side refuses', async () => {
    const client = createFakeClient({
      'mood.setOverride': () => {
        throw new Error('the camera is not running in this mode');
      },
    });
    const store = new MoodStore(client);
    await store.setOverride('sad');
    expect(store.error).toMatch(/not running/);
  });

  it('follows the calibration to the listener: starting it, its progress, and a reset', async () => {
    const client = createFakeClient({
      'mood.getState': () => state(null),
      'mood.getHistory': () => ({ points: [] }),
      'mood.getCalibration': () => OFF,
      'mood.startCalibration': () => ({ ...OFF, state: 'collecting' }),
      'mood.resetCalibration': () => OFF,
    });
    const store = new MoodStore(client);
    const stop = store.start();
    await store.refresh();
    expect(store.calibration.state).toBe('off');
    await store.calibrate('neutral');
    expect(store.calibration.state).toBe('collecting');
    client.emit('mood.calibrationChanged', { ...OFF, state: 'collecting', progress: 0.5 });
    expect(store.calibration.progress).toBe(0.5);
    client.emit('mood.calibrationChanged', { ...OFF, state: 'on', progress: 1 });
    expect(store.calibration.state).toBe('on');
    await store.calibrate('happy');
    expect(client.calls.filter((c) => c.method === 'mood.startCalibration').map((c) => c.input)).toEqual([{}, { expression: 'happy' }]);
    await store.calibrate(null);
    expect(client.calls.map((c) => c.method)).toContain('mood.resetCalibration');
    expect(store.calibration.state).toBe('off');
    stop();
  });
});
