import { describe, expect, it } from 'vitest';
import { trackingRegion } from './tracking.ts';

describe('trackingRegion', () => {
  it('grows the last face box on every side and bounds the face size', () => {
    expect(trackingRegion([200, 100, 100, 100], 640, 480)).toEqual({ region: [125, 25, 250, 250], minSide: 70, maxSide: 140 });
  });

  it('clips to the frame', () => {
    expect(trackingRegion([0, 400, 100, 100], 640, 480).region).toEqual([0, 325, 175, 155]);
  });

  it('never asks for faces smaller than the detector can see', () => {
    expect(trackingRegion([10, 10, 20, 20], 640, 480).minSide).toBe(24);
  });
});
