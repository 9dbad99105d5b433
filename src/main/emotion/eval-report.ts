import type { Calibration } from './calibration.ts';
import { rowShares } from '../../shared/confusion.ts';
import { EMOTIONS } from '../../shared/emotion.ts';
import type { ClassificationMetrics } from './metrics.ts';
import type { RaterAgreement } from './rater-agreement.ts';

export interface EvalResult extends ClassificationMetrics {
  model: string;
  displayName: string;
  backend: string;
  data: string;
  usage: string | null;
  labels: readonly string[];
  imagesPerSecond: number;
  seconds: number;
  /** For photos through the live path: how well the confidence is calibrated (drawn as a reliability diagram). */
  calibration?: Calibration;
  /** For photos whose labels say what human raters read in them: the model beside the raters. */
  raters?: RaterAgreement | null;
}

/** A reliability diagram: per confidence bin, the share of answers that were right, against the diagonal. */
function reliabilityDiagram(c: Calibration): string {
  const size = 240;
  const bars = c.bins
    .filter((b) => b.count > 0 && b.accuracy !== null)
    .map((b) => {
      const x = 30 + b.from * size;
      const h = (b.accuracy as number) * size;
      return `<rect x="${x.toFixed(1)}" y="${(10 + size - h).toFixed(1)}" width="${((b.to - b.from) * size - 2).toFixed(1)}" height="${h.toFixed(1)}" fill="#2e8b57"><title>${pct(b.from)}–${pct(b.to)} sure: ${b.count} answers, ${pct(b.accuracy as number)} right</title></rect>`;
    })
    .join('');
  return `<figure><svg width="${size + 40}" height="${size + 40}" role="img" aria-label="Reliability diagram">
<rect x="30" y="10" width="${size}" height="${size}" fill="none" stroke="#d0d7de"/>${bars}
<line x1="30" y1="${10 + size}" x2="${30 + size}" y2="10" stroke="#e5534b" stroke-dasharray="4 3"/>
<text x="30" y="${size + 30}" font-size="11">0 % sure</text><text x="${size - 10}" y="${size + 30}" font-size="11">100 %</text>
</svg><figcaption>Reliability: the share of answers that were right (bars) per confidence bin; calibrated answers sit
on the dashed diagonal. Expected calibration error ${c.ece.toFixed(3)}.</figcaption></figure>`;
}

/** The model beside the human raters, in words. */
function raterSummary(r: RaterAgreement): string {
  const left = EMOTIONS.filter((e) => !r.choices.includes(e));
  return `<p>Human raters (${r.rated} photos rated) read the posed expression in ${pct(r.raterAccuracy)} of the photos
(raters' recall above${left.length > 0 ? `; ${left.join(', ')} never chosen by them, so those photos are not compared` : ''}).
Where they recognised the pose (${r.whereRatersAgree.count} photos) the model is right on ${pct(r.whereRatersAgree.accuracy)};
where they read something else (${r.whereRatersDisagree.count}), on ${pct(r.whereRatersDisagree.accuracy)}, and it says what
the raters said on ${pct(r.whereRatersDisagree.sameAsRaters)}.</p>`;
}

const escape = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;

/**
 * A self-contained HTML report of an evaluation: the headline figures, per-class scores, and the confusion
 * matrix drawn as a heat map (each row shaded by the share of that true class predicted as each column).
 */
export function renderEvalReport(result: EvalResult): string {
  const header = EMOTIONS.map((e) => `<th scope="col">${e}</th>`).join('');
  const rows = rowShares(result.confusion)
    .map((row, t) => {
      const cells = row
        .map(({ count: n, share }, p) => {
          const colour = t === p ? `rgba(46, 160, 67, ${0.15 + 0.85 * share})` : `rgba(229, 83, 75, ${share})`;
          return `<td style="background:${colour}" title="${EMOTIONS[t]} → ${EMOTIONS[p]}: ${n} (${pct(share)})">${n}<small>${pct(share)}</small></td>`;
        })
        .join('');
      return `<tr><th scope="row">${EMOTIONS[t]}</th>${cells}</tr>`;
    })
    .join('\n');
  const raters = result.raters ?? null;
  const perClass = EMOTIONS.map((e) => {
    const m = result.perClass[e];
    const rater = raters ? `<td>${raters.raterRecall[e] === null ? '–' : pct(raters.raterRecall[e])}</td>` : '';
    return `<tr><th scope="row">${e}</th><td>${pct(m.precision)}</td><td>${pct(m.recall)}</td>${rater}<td>${pct(m.f1)}</td><td>${m.support}</td></tr>`;
  }).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Emotune evaluation: ${escape(result.model)}</title>
<style>
body { font: 15px/1.4 system-ui, sans-serif; margin: 2rem; color: #1b1f24; }
table { border-collapse: collapse; margin: 1rem 0 2rem; }
th, td { border: 1px solid #d0d7de; padding: 0.35rem 0.6rem; text-align: right; }
th[scope=row] { text-align: left; }
td small { display: block; color: #57606a; font-size: 0.75rem; }
.figures { display: flex; gap: 2rem; font-size: 1.1rem; }
.figures strong { display: block; font-size: 1.8rem; }
caption { text-align: left; font-weight: 600; margin-bottom: 0.4rem; }
</style></head><body>
<h1>${escape(result.displayName)}</h1>
<p>${escape(result.data)}${result.usage ? ` · ${escape(result.usage)}` : ''} · ${result.count} images · backend ${escape(result.backend)}</p>
<div class="figures">
  <div><strong>${pct(result.accuracy)}</strong>accuracy</div>
  <div><strong>${result.macroF1.toFixed(3)}</strong>macro-F1</div>${result.calibration ? `\n  <div><strong>${result.calibration.ece.toFixed(3)}</strong>calibration error (ECE)</div>` : ''}
  <div><strong>${Math.round(result.imagesPerSecond)}</strong>images/s</div>
</div>
<table><caption>Confusion matrix (rows: true class, columns: predicted)</caption>
<thead><tr><th></th>${header}</tr></thead>
<tbody>
${rows}
</tbody></table>
<table><caption>Per class</caption>
<thead><tr><th></th><th>precision</th><th>recall</th>${raters ? '<th>raters\' recall</th>' : ''}<th>F1</th><th>support</th></tr></thead>
<tbody>
${perClass}
</tbody></table>
${raters ? raterSummary(raters) : ''}
${result.calibration ? reliabilityDiagram(result.calibration) : ''}
</body></html>
`;
}
