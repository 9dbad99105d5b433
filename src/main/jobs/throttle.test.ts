import { describe, expect, it } from 'vitest';
import { createThrottle } from './throttle.ts';

describe('createThrottle', () => {
  it('sends the first value, holds values inside the interval, and flushes the last one', () => {
    let t = 0;
    const sent: number[] = [];
    const throttle = createThrottle<number>(100, (v) => sent.push(v), () => t);
    throttle.push(1);
    t = 50;
    throttle.push(2);
    throttle.push(3);
    expect(sent).toEqual([1]);
    t = 120;
    throttle.push(4);
    expect(sent).toEqual([1, 4]);
    t = 130;
    throttle.push(5);
    throttle.flush();
    expect(sent).toEqual([1, 4, 5]);
    throttle.flush();
    expect(sent).toEqual([1, 4, 5]);
  });
});
