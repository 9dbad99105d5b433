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
    expect(html).not.toContain('raters');
  });

  it('sets the human raters beside the model where the photos were rated', () => {
    const html = renderEvalReport({
      ...classificationMetrics([2, 2, 3, 6], [2, 4, 3, 6]),
      model: 'm',
      displayName: 'M',
      backend: 'wasm',
      data: '/photos',
      usage: 'live path',
      labels: EMOTIONS,
      imagesPerSecond: 10,
      seconds: 1,
      raters: {
        rated: 4,
        choices: ['fear', 'happy', 'sad'],
        raterRecall: { angry: null, disgust: null, fear: 0.5, happy: 1, sad: null, surprise: null, neutral: null },
        raterAccuracy: 2 / 3,
        whereRatersAgree: { count: 2, accuracy: 1 },
        whereRatersDisagree: { count: 1, accuracy: 0, sameAsRaters: 1 },
      },
    });
    expect(html).toContain("<th>raters' recall</th>");
    expect(html).toContain('<tr><th scope="row">fear</th><td>100.0%</td><td>50.0%</td><td>50.0%</td><td>66.7%</td>');
    expect(html).toContain('<tr><th scope="row">neutral</th><td>100.0%</td><td>100.0%</td><td>–</td>');
    expect(html).toMatch(/Human raters \(4 photos rated\) read the posed expression in 66\.7% of the photos/);
    expect(html).toContain('angry, disgust, surprise, neutral never chosen by them');
  });
});
