import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ListenerCalibration } from '../../shared/api/index.ts';
import { EMOTIONS, type Probabilities } from '../../shared/emotion.ts';
import { useTempDir } from '../testing/temp-dir.ts';
import type { GeometryHeadParams } from '../emotion/index.ts';
import { CALIBRATION_SECONDS, DEFAULT_RESTING_REFERENCE, EXPRESSION_SECONDS, ListenerCalibrationService, UNPROMPTED_FORGET_AFTER_MS, UNPROMPTED_MIN_FRAMES } from './listener-calibration.ts';

const temp = useTempDir();
const answer = (values: number[]): Probabilities => Object.fromEntries(EMOTIONS.map((e, i) => [e, values[i] as number])) as Probabilities;
// A resting face this model reads as half sad.
const RESTING = answer([0.05, 0.01, 0.04, 0.05, 0.5, 0.05, 0.3]);

function service(model: { name: string | null } = { name: 'emotune-vgg' }) {
  let now = 1_000;
  const changes: ListenerCalibration[] = [];
  const logs: string[] = [];
  const calibration = new ListenerCalibrationService({
    dataDir: temp.path,
    model: () => model.name,
    restingTarget: () => ({ reference: DEFAULT_RESTING_REFERENCE, weight: 1 }),
    onChanged: (s) => changes.push(s),
    now: () => now,
    log: (m) => logs.push(m),
  });
  return { calibration, changes, logs, advance: (ms: number) => (now += ms), at: () => now };
}

describe('ListenerCalibrationService', () => {
  it('learns the resting face over a few seconds, corrects later answers, and keeps it for the next start', () => {
    const { calibration, changes, advance, at } = service();
    expect(calibration.status.state).toBe('off');
    expect(calibration.start().state).toBe('collecting');
    for (let i = 0; i < 10; i += 1) {
      advance((CALIBRATION_SECONDS * 1000) / 9);
      calibration.observe(RESTING, at());
    }
    expect(calibration.status).toMatchObject({ state: 'on', model: 'emotune-vgg' });
    expect(changes.some((c) => c.state === 'collecting' && c.progress > 0 && c.progress < 1)).toBe(true);
    // The listener's resting face now reads as a typical one: neutral, not sad.
    const corrected = calibration.adjust(RESTING);
    expect(corrected.neutral).toBeCloseTo(DEFAULT_RESTING_REFERENCE[6] as number, 5);
    expect(corrected.sad).toBeLessThan(RESTING.sad);
    const file = join(temp.path, 'listener-calibration.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(new ListenerCalibrationService({ dataDir: temp.path, model: () => 'emotune-vgg', restingTarget: () => ({ reference: DEFAULT_RESTING_REFERENCE, weight: 1 }), onChanged: () => {} }).status.state).toBe('on');
  });

  it('applies the part of the resting-face offset its model asks for (restingWeight)', () => {
    let now = 1_000;
    const calibration = new ListenerCalibrationService({ dataDir: temp.path, model: () => 'emotune-duo', restingTarget: () => ({ reference: DEFAULT_RESTING_REFERENCE, weight: 0.5 }), onChanged: () => {}, now: () => now });
    calibration.start();
    for (let i = 0; i < 10; i += 1) {
      now += (CALIBRATION_SECONDS * 1000) / 9;
      calibration.observe(RESTING, now);
    }
    const corrected = calibration.adjust(RESTING);
    // Half-way (in logits) from the listener's reading to the reference: sad lowered, less than in full.
    expect(corrected.sad).toBeLessThan(RESTING.sad);
    expect(corrected.sad).toBeGreaterThan(DEFAULT_RESTING_REFERENCE[4] as number);
    const stored = JSON.parse(readFileSync(join(temp.path, 'listener-calibration.json'), 'utf8')) as { offset: number[] };
    const full = EMOTIONS.map((e, c) => Math.log(Math.max(1e-6, DEFAULT_RESTING_REFERENCE[c] as number)) - Math.log(RESTING[e]));
    stored.offset.forEach((v, c) => expect(v).toBeCloseTo((full[c] as number) / 2, 9));
  });

  it('applies only to the model it was learnt with, and a reset forgets it', () => {
    const model = { name: 'emotune-vgg' as string | null };
    const { calibration, advance, at } = service(model);
    calibration.start();
    for (let i = 0; i < 12; i += 1) {
      advance(500);
      calibration.observe(RESTING, at());
    }
    model.name = 'mini-xception';
    expect(calibration.status.state).toBe('off');
    expect(calibration.adjust(RESTING)).toEqual(RESTING);
    model.name = 'emotune-vgg';
    expect(calibration.reset().state).toBe('off');
    expect(existsSync(join(temp.path, 'listener-calibration.json'))).toBe(false);
    expect(calibration.adjust(RESTING)).toEqual(RESTING);
  });

  it('fails plainly when it saw too few faces, and starts without a calibration it cannot read', () => {
    const { calibration, advance, at } = service();
    calibration.start();
    calibration.observe(RESTING, at());
    advance(CALIBRATION_SECONDS * 1000 + 1);
    calibration.tick(at());
    expect(calibration.status).toMatchObject({ state: 'failed', message: expect.stringMatching(/only 1 frames with your face/) });
    writeFileSync(join(temp.path, 'listener-calibration.json'), '{ not json');
    const broken = service();
    expect(broken.calibration.status.state).toBe('off');
    expect(broken.logs[0]).toMatch(/cannot be read/);
    expect(readFileSync(join(temp.path, 'listener-calibration.json'), 'utf8')).toBe('{ not json');
  });

  it('adds expressions the listener shows after their resting face, so they read as themselves, and keeps them', () => {
    const { calibration, advance, at } = service();
    calibration.start();
    for (let i = 0; i < 12; i += 1) {
      advance(500);
      calibration.observe(RESTING, at());
    }
    // This listener's smile reads mostly neutral: the resting-face offset alone does not make it happy.
    const SMILE = answer([0.03, 0.01, 0.03, 0.3, 0.08, 0.05, 0.5]);
    const before = calibration.adjust(SMILE);
    expect(before.happy).toBeLessThan(before.neutral);
    expect(calibration.start('happy')).toMatchObject({ state: 'collecting', expression: 'happy', learned: [] });
    for (let i = 0; i < 8; i += 1) {
      advance((EXPRESSION_SECONDS * 1000) / 7);
      calibration.observe(SMILE, at());
    }
    expect(calibration.status).toMatchObject({ state: 'on', expression: null, learned: ['happy'] });
    const after = calibration.adjust(SMILE);
    expect(Math.max(...EMOTIONS.map((e) => after[e]))).toBe(after.happy);
    // The resting face still reads neutral.
    const rest = calibration.adjust(RESTING);
    expect(Math.max(...EMOTIONS.map((e) => rest[e]))).toBe(rest.neutral);
    const stored = JSON.parse(readFileSync(join(temp.path, 'listener-calibration.json'), 'utf8'));
    expect(stored).toMatchObject({ version: 3, shown: [{ expression: 'happy' }], shape: null });
    const reopened = new ListenerCalibrationService({ dataDir: temp.path, model: () => 'emotune-vgg', restingTarget: () => ({ reference: DEFAULT_RESTING_REFERENCE, weight: 1 }), onChanged: () => {} });
    expect(reopened.status).toMatchObject({ state: 'on', learned: ['happy'] });
    expect(reopened.adjust(SMILE).happy).toBeCloseTo(after.happy, 6);
  });

  it('asks for the resting face before an expression, and still applies a calibration saved before expressions existed', () => {
    const fresh = service();
    expect(fresh.calibration.start('sad')).toMatchObject({ state: 'failed', message: expect.stringMatching(/resting face first/) });
    const offset = [0, 0, 0, 0, -1, 0, 0.5];
    writeFileSync(join(temp.path, 'listener-calibration.json'), JSON.stringify({ version: 1, model: 'emotune-vgg', offset, frames: 30, at: 1 }));
    const old = service();
    expect(old.calibration.status).toMatchObject({ state: 'on', learned: [] });
    expect(old.calibration.adjust(RESTING).sad).toBeLessThan(RESTING.sad);
    // Its resting-face answers were not kept, so an expression needs a new calibration; the old one stays on.
    expect(old.calibration.start('happy')).toMatchObject({ state: 'on', message: expect.stringMatching(/resting face first/) });
  });

  describe('with a model that reads faces by their shape (a face-geometry head)', () => {
    // One shape feature: a face whose feature has risen above the listener's resting value reads happier.
    const HEAD: GeometryHeadParams = { scale: 1, offset: [0, 0, 0, 0, 0, 0, 0], featureMean: [0], featureSpread: [1], weights: [[0, 0, 0, 3, 0, 0, -3]] };
    const values = (p: Probabilities): number[] => EMOTIONS.map((e) => p[e]);
    const top = (p: Probabilities): string => EMOTIONS.reduce((a, b) => (p[b] > p[a] ? b : a));
    const make = () => {
      let now = 1_000;
      const deps = {
        dataDir: temp.path,
        model: () => 'emotune-trio',
        restingTarget: () => ({ reference: DEFAULT_RESTING_REFERENCE, weight: 1 }),
        geometryHead: () => ({ head: HEAD, reference: DEFAULT_RESTING_REFERENCE, weight: 1 }),
        onChanged: () => {},
        now: () => now,
      };
      return { calibration: new ListenerCalibrationService(deps), deps, advance: (ms: number) => (now += ms), at: () => now };
    };

    it('learns the resting face\'s shape, reads later faces by their movement from it, and keeps it', () => {
      const { calibration, deps, advance, at } = make();
      // The face mesh runs only while it is needed: collecting, or a calibration with a shape.
      expect(calibration.wantsGeometry).toBe(false);
      calibration.start();
      expect(calibration.wantsGeometry).toBe(true);
      for (let i = 0; i < 10; i += 1) {
        advance((CALIBRATION_SECONDS * 1000) / 9);
        calibration.observe(RESTING, at(), { combined: values(RESTING), geometry: [0.3 + (i % 2 ? 0.01 : -0.01)] });
      }
      expect(calibration.status).toMatchObject({ state: 'on', shape: true });
      expect(calibration.wantsGeometry).toBe(true);
      // The resting face reads as a typical resting face does through the head: neutral.
      const rest = calibration.adjust(RESTING, { combined: values(RESTING), geometry: [0.3] });
      expect(top(rest)).toBe('neutral');
      // A smile the networks miss (the same answer as the resting face) but whose shape has moved reads happy…
      const smile = calibration.adjust(RESTING, { combined: values(RESTING), geometry: [1.3] });
      expect(top(smile)).toBe('happy');
      // …while a face too small to measure falls back to the resting-face offset on the model's answer.
      expect(top(calibration.adjust(RESTING, { combined: values(RESTING), geometry: null }))).not.toBe('happy');
      const stored = JSON.parse(readFileSync(join(temp.path, 'listener-calibration.json'), 'utf8'));
      // The resting shape is the mean of the frames' (0.29 and 0.31 alternating).
      expect(stored).toMatchObject({ version: 3, shape: { resting: [expect.closeTo(0.3, 1)] } });
      const reopened = new ListenerCalibrationService(deps);
      expect(reopened.status).toMatchObject({ state: 'on', shape: true });
      expect(reopened.adjust(RESTING, { combined: values(RESTING), geometry: [1.3] }).happy).toBeCloseTo(smile.happy, 9);
    });

    it('learns a shown expression through the head too, and calibrates without a shape where no face was measured', () => {
      const { calibration, advance, at } = make();
      calibration.start();
      for (let i = 0; i < 10; i += 1) {
        advance(600);
        calibration.observe(RESTING, at(), { combined: values(RESTING), geometry: [0.3] });
      }
      // This listener frowns without the shape feature moving, and the networks read it as their resting face:
      // shown as "angry", it is learnt through the head's answers.
      const frown = { combined: values(RESTING), geometry: [0.3] };
      expect(top(calibration.adjust(RESTING, frown))).toBe('neutral');
      calibration.start('angry');
      for (let i = 0; i < 8; i += 1) {
        advance((EXPRESSION_SECONDS * 1000) / 7);
        calibration.observe(RESTING, at(), frown);
      }
      expect(calibration.status).toMatchObject({ state: 'on', learned: ['angry'], shape: true });
      const stored = JSON.parse(readFileSync(join(temp.path, 'listener-calibration.json'), 'utf8'));
      expect(stored.shape.shown).toMatchObject([{ expression: 'angry' }]);
      expect(calibration.adjust(RESTING, frown).angry).toBeGreaterThan(calibration.adjust(RESTING, { combined: values(RESTING), geometry: [1.3] }).angry);

      // Faces far from the camera (no shape measured): the calibration holds without one.
      const far = make();
      far.calibration.start();
      for (let i = 0; i < 10; i += 1) {
        far.advance(600);
        far.calibration.observe(RESTING, far.at(), { combined: values(RESTING), geometry: null });
      }
      expect(far.calibration.status).toMatchObject({ state: 'on', shape: false });
      expect(far.calibration.wantsGeometry).toBe(false);
    });

    it('gives the head\'s answer at its temperature', () => {
      const { calibration, deps, advance, at } = make();
      calibration.start();
      for (let i = 0; i < 10; i += 1) {
        advance(600);
        calibration.observe(RESTING, at(), { combined: values(RESTING), geometry: [0.3] });
      }
      const smile = { combined: values(RESTING), geometry: [1.3] };
      const sharp = new ListenerCalibrationService({ ...deps, geometryHead: () => ({ head: HEAD, reference: DEFAULT_RESTING_REFERENCE, weight: 1, temperature: 0.5 }) });
      // Below 1 the head's answer is surer of what it reads; the reading itself does not change.
      expect(sharp.adjust(RESTING, smile).happy).toBeGreaterThan(calibration.adjust(RESTING, smile).happy);
      expect(top(sharp.adjust(RESTING, smile))).toBe('happy');
    });

    describe('learnt while listening, without a calibration', () => {
      // Faces the model reads as neutral (at rest, shape 0.3 ± 0.01) and as happy (a broad smile, shape 1.3).
      const AT_REST = answer([0.05, 0.01, 0.04, 0.05, 0.2, 0.05, 0.6]);
      const BEAMING = answer([0.01, 0.01, 0.01, 0.9, 0.02, 0.02, 0.03]);
      const learning = (model = { name: 'emotune-trio' as string | null }) => {
        const flag = { on: true };
        const changes: ListenerCalibration[] = [];
        const made = make();
        const calibration = new ListenerCalibrationService({ ...made.deps, model: () => model.name, learnWhileListening: () => flag.on, onChanged: (c) => changes.push(c) });
        let i = 0;
        const feed = (p: Probabilities, geometry: number[] | null, times: number) => {
          for (let k = 0; k < times; k += 1, i += 1) calibration.observe(p, made.at(), { combined: values(p), geometry: geometry && [(geometry[0] as number) + (i % 2 ? 0.01 : -0.01)] });
        };
        return { ...made, calibration, flag, changes, feed, model };
      };

      it('learns the resting face\'s shape from the faces read as neutral only, then reads faces by their movement from it', () => {
        const { calibration, changes, feed } = learning();
        // The face mesh runs while it learns.
        expect(calibration.wantsGeometry).toBe(true);
        // Smiles (read as happy) and faces too far to measure are never taken for the resting face.
        feed(BEAMING, [1.3], 200);
        feed(AT_REST, null, 100);
        feed(AT_REST, [0.3], UNPROMPTED_MIN_FRAMES - 1);
        expect(calibration.status).toMatchObject({ state: 'off', learntWhileListening: false });
        // Until then the answers are the model's own.
        const slight = { combined: values(AT_REST), geometry: [1.3] };
        expect(calibration.adjust(AT_REST, slight)).toEqual(AT_REST);
        feed(AT_REST, [0.3], 1);
        expect(calibration.status).toMatchObject({ state: 'off', learntWhileListening: true, shape: false });
        expect(changes.at(-1)).toMatchObject({ learntWhileListening: true });
        // A face the networks read as at rest, but whose shape has moved as far as a smile's, now reads happy;
        // the resting face itself still reads neutral (the mean is 0.3: the smiles' 1.3 was not taken in).
        expect(top(calibration.adjust(AT_REST, slight))).toBe('happy');
        expect(top(calibration.adjust(AT_REST, { combined: values(AT_REST), geometry: [0.3] }))).toBe('neutral');
        // A face whose shape was not measured keeps the model's answer.
        expect(calibration.adjust(AT_REST, { combined: values(AT_REST), geometry: null })).toEqual(AT_REST);
        // Nothing of it is written to the data folder.
        expect(existsSync(join(temp.path, 'listener-calibration.json'))).toBe(false);
      });

      it('gives way to a calibration, and is forgotten on a reset, when turned off and for another model', () => {
        const { calibration, flag, feed, advance, at, model } = learning();
        feed(AT_REST, [0.3], UNPROMPTED_MIN_FRAMES);
        expect(calibration.status.learntWhileListening).toBe(true);
        // Turned off: forgotten at once, answers are the model's own, and the mesh stops.
        flag.on = false;
        expect(calibration.learningChanged()).toMatchObject({ learntWhileListening: false });
        expect(calibration.adjust(AT_REST, { combined: values(AT_REST), geometry: [1.3] })).toEqual(AT_REST);
        expect(calibration.wantsGeometry).toBe(false);
        feed(AT_REST, [0.3], UNPROMPTED_MIN_FRAMES);
        expect(calibration.status.learntWhileListening).toBe(false);
        // Back on: learnt again from scratch.
        flag.on = true;
        calibration.learningChanged();
        feed(AT_REST, [0.3], UNPROMPTED_MIN_FRAMES - 1);
        expect(calibration.status.learntWhileListening).toBe(false);
        feed(AT_REST, [0.3], 1);
        expect(calibration.status.learntWhileListening).toBe(true);
        // Another model: what was learnt for the first one is not used.
        model.name = 'emotune-duo';
        expect(calibration.status.learntWhileListening).toBe(false);
        model.name = 'emotune-trio';
        // A calibration takes over (its own resting face, 0.8 here): the learnt one is not used while it is on.
        calibration.start();
        for (let i = 0; i < 10; i += 1) {
          advance(600);
          calibration.observe(AT_REST, at(), { combined: values(AT_REST), geometry: [0.8] });
        }
        expect(calibration.status).toMatchObject({ state: 'on', shape: true, learntWhileListening: false });
        expect(top(calibration.adjust(AT_REST, { combined: values(AT_REST), geometry: [0.8] }))).toBe('neutral');
        // A reset forgets both.
        expect(calibration.reset()).toMatchObject({ state: 'off', learntWhileListening: false });
        feed(AT_REST, [0.3], UNPROMPTED_MIN_FRAMES - 1);
        expect(calibration.status.learntWhileListening).toBe(false);
      });

      it('forgets it after a long while without a face, as the next face may be someone else\'s', () => {
        const { calibration, changes, feed, advance } = learning();
        feed(AT_REST, [0.3], UNPROMPTED_MIN_FRAMES);
        expect(calibration.status.learntWhileListening).toBe(true);
        // A short break keeps it…
        advance(UNPROMPTED_FORGET_AFTER_MS / 2);
        feed(BEAMING, [1.3], 1);
        expect(calibration.status.learntWhileListening).toBe(true);
        // …a long one does not: the next face starts afresh.
        advance(UNPROMPTED_FORGET_AFTER_MS + 1);
        feed(AT_REST, [0.8], 1);
        expect(calibration.status.learntWhileListening).toBe(false);
        expect(changes.at(-1)).toMatchObject({ learntWhileListening: false });
        feed(AT_REST, [0.8], UNPROMPTED_MIN_FRAMES - 1);
        expect(calibration.status.learntWhileListening).toBe(true);
        // Learnt from the new face alone: its resting face (0.8) reads neutral.
        expect(top(calibration.adjust(AT_REST, { combined: values(AT_REST), geometry: [0.8] }))).toBe('neutral');
      });

      it('does not learn without a face-geometry head or with the setting off', () => {
        const made = make();
        const noHead = new ListenerCalibrationService({ ...made.deps, geometryHead: () => null, learnWhileListening: () => true });
        const off = new ListenerCalibrationService({ ...made.deps, learnWhileListening: () => false });
        for (const calibration of [noHead, off]) {
          expect(calibration.wantsGeometry).toBe(false);
          for (let i = 0; i < 2 * UNPROMPTED_MIN_FRAMES; i += 1) calibration.observe(AT_REST, made.at(), { combined: values(AT_REST), geometry: [0.3] });
          expect(calibration.status.learntWhileListening).toBe(false);
          expect(calibration.adjust(AT_REST, { combined: values(AT_REST), geometry: [1.3] })).toEqual(AT_REST);
        }
      });
    });

    it('still applies a calibration saved before shapes were learnt', () => {
      const offset = [0, 0, 0, 0, -1, 0, 0.5];
      writeFileSync(join(temp.path, 'listener-calibration.json'), JSON.stringify({ version: 2, model: 'emotune-trio', offset, frames: 30, at: 1, neutral: [], shown: [] }));
      const { calibration } = make();
      expect(calibration.status).toMatchObject({ state: 'on', shape: false });
      expect(calibration.adjust(RESTING, { combined: values(RESTING), geometry: [1.3] }).sad).toBeLessThan(RESTING.sad);
    });
  });
});
