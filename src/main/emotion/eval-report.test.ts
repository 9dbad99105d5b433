import { describe, expect, it } from 'vitest';
import { EMOTIONS } from '../../shared/emotion.ts';
import { renderEvalReport } from './eval-report.ts';
import { classificationMetrics } from './metrics.ts';

describe('renderEvalReport', () => {
  it('draws the confusion matrix and per-class table, escaping names', () => {
    const html = renderEvalReport({
      ...classificationMetrics([0, 3, 3, 6], [0, 3, 6, 6]),
      model: 'm<1>',
      displayName: 'Model <One>',
      backend: 'wasm',
      data: '/data/fer.csv',
      usage: 'PublicTest',
      labels: EMOTIONS,
      imagesPerSecond: 512,
      seconds: 1,
    });
    expect(html).toContain('<h1>Model &lt;One&gt;</h1>');
    expect(html).toContain('75.0%</strong>accuracy');
    expect(html).toContain('title="happy → neutral: 1 (50.0%)"');
    expect((html.match(/<tr><th scope="row">/g) ?? []).length).toBe(14);
    expect(html).not.toContain('<One>');
  });
});
