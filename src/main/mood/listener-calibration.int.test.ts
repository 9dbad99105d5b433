import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ListenerCalibration } from '../../shared/api/index.ts';
import { EMOTIONS, type Probabilities } from '../../shared/emotion.ts';
import { useTempDir } from '../testing/temp-dir.ts';
import { CALIBRATION_SECONDS, DEFAULT_RESTING_REFERENCE, ListenerCalibrationService } from './listener-calibration.ts';

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
    reference: () => DEFAULT_RESTING_REFERENCE,
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
    expect(new ListenerCalibrationService({ dataDir: temp.path, model: () => 'emotune-vgg', reference: () => DEFAULT_RESTING_REFERENCE, onChanged: () => {} }).status.state).toBe('on');
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
});
