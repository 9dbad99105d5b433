// npm run train:placement — trains the placement of feature-table (CSV) songs: their Spotify valence and energy
// → the music model's P(positive valence), P(high arousal) and quadrant probabilities
// (src/main/analysis/spotify-placement.ts). Fitted on the listener-tag quadrants of
// ../shared/data/songs/deezer-va-dev.csv; checked on data_moods.csv, a table it never saw. Writes
// assets/music-emotion/{spotify-placement.json, spotify-placement.metrics.json, SPOTIFY_PLACEMENT.md} and prints
// the figures as JSON.
//   --data CSV      the labelled table to fit on (default ../shared/data/songs/deezer-va-dev.csv)
//   --check CSV     a labelled table to check on (default ../shared/data/songs/data_moods.csv)
//   --repeats N     repeats of the grouped 10-fold cross-validation (default 5)
//   --out DIR       where to write (default assets/music-emotion)
//   --cv-only       cross-validate, write nothing
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { combineHierarchy, crossValidate, fitMusicEmotionModel, placeBySpotifyFeatures, scoreMer, SPOTIFY_PLACEMENT_FEATURES, type MerScores } from '../src/main/analysis/index.ts';
import { readLabelledTable, type EvalSong } from '../src/main/app/index.ts';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    data: { type: 'string', default: resolve(root, '../shared/data/songs/deezer-va-dev.csv') },
    check: { type: 'string', default: resolve(root, '../shared/data/songs/data_moods.csv') },
    repeats: { type: 'string', default: '5' },
    out: { type: 'string', default: join(root, 'assets/music-emotion') },
    'cv-only': { type: 'boolean', default: false },
  },
});
for (const file of [values.data, values.check]) {
  if (!existsSync(file)) {
    console.error(`${file} is absent: the labelled song tables live in ../shared/data/songs beside the checkout`);
    process.exit(2);
  }
}
const SEED = 20_261_201;
const features = (s: EvalSong): number[] => [s.featureValence ?? s.valence, s.energy ?? s.arousal];
const songs = readLabelledTable(values.data, null);
const examples = songs.map((s) => ({ descriptors: features(s), quadrant: s.quadrant, group: s.artist ?? `row ${s.id}` }));
const cv = crossValidate(examples, { folds: 10, repeats: Number(values.repeats), innerFolds: 5, seed: SEED });
// The baseline: Spotify's valence and energy read as they are, as the app did before (quadrants as products).
const asTheyAre = (rows: readonly EvalSong[]): MerScores =>
  scoreMer(
    rows.map((s) => {
      const [v, a] = features(s) as [number, number];
      return combineHierarchy(a, v, v);
    }),
    rows,
  );
const brief = (s: MerScores) => ({ valenceAuc: s.valence.auc, arousalAuc: s.arousal.auc, quadrantAccuracy: s.quadrant.accuracy, quadrantMacroF1: s.quadrant.macroF1 });
const { model, lambdas } = fitMusicEmotionModel(examples, SPOTIFY_PLACEMENT_FEATURES, { name: 'emotune-spotify-placement', innerFolds: 5, seed: SEED });
const check = readLabelledTable(values.check, null);
const checked = scoreMer(
  check.map((s) => placeBySpotifyFeatures(model, ...(features(s) as [number, number]))),
  check,
);
const report = {
  data: values.data,
  songs: songs.length,
  artists: new Set(examples.map((e) => e.group)).size,
  features: SPOTIFY_PLACEMENT_FEATURES,
  crossValidation: { method: cv.method, summary: cv.summary, firstRepeat: brief(cv.perRepeat[0] as MerScores) },
  asTheyAre: brief(asTheyAre(songs)),
  lambdas,
  check: { data: values.check, songs: check.length, placed: brief(checked), asTheyAre: brief(asTheyAre(check)), confusion: checked.quadrant.confusion },
};
if (!values['cv-only']) {
  mkdirSync(values.out, { recursive: true });
  writeFileSync(join(values.out, 'spotify-placement.json'), `${JSON.stringify(model)}\n`);
  const metrics = { model: model.name, trainedOn: basename(values.data), command: 'npm run train:placement', ...report };
  writeFileSync(join(values.out, 'spotify-placement.metrics.json'), `${JSON.stringify(metrics, null, 2)}\n`);
  writeFileSync(join(values.out, 'SPOTIFY_PLACEMENT.md'), card());
  Object.assign(report, { wrote: ['spotify-placement.json', 'spotify-placement.metrics.json', 'SPOTIFY_PLACEMENT.md'].map((f) => join(values.out, f)) });
}
console.log(JSON.stringify(report, null, 2));

function card(): string {
  const s = cv.summary;
  const f = (name: string): string => `${(s[name]?.mean ?? Number.NaN).toFixed(3)} ± ${(s[name]?.sd ?? Number.NaN).toFixed(3)}`;
  const raw = report.asTheyAre;
  const c = report.check;
  return `# Placement of feature-table songs (emotune-spotify-placement)

Written by \`npm run train:placement\` (scripts/train-spotify-placement.ts); the figures are in
spotify-placement.metrics.json.

| | |
| --- | --- |
| Task | put a song known only by a Spotify-style table (an imported CSV, no audio) on the music model's scale: P(positive valence), P(high arousal), the four quadrant probabilities and a confidence, the plane the recommender's regions are drawn in |
| Data | ${basename(values.data)}: ${report.songs} songs (${report.artists} artists) of the Deezer Mood Detection Dataset (Delbouys et al., ISMIR 2018; train and validation splits), quadrant by the signs of the valence and arousal its listeners' Last.fm tags give, joined to Spotify audio features |
| Licence of the data | none stated: research data used for fitting and evaluation only, never shipped. The model ships six coefficients per head |
| Input | the song's Spotify \`valence\` and \`energy\` (0…1) |
| Model | the audio model's form (music-emotion-model.ts): standardised inputs → L2-regularised logistic heads for P(high arousal), and P(positive valence) for lively and for quiet music. L2 strength per head by grouped 5-fold CV: arousal ${lambdas.arousal}, valence (lively) ${lambdas.valenceHigh}, valence (quiet) ${lambdas.valenceLow} |
| Evaluation | ${cv.method}; and a check on ${basename(values.check)} (${c.songs} songs labelled Happy, Energetic, Sad, Calm by another source, counted as Q1, Q2, Q3, Q4), never used in fitting |
| Other columns | danceability, loudness, acousticness and the rest were tried: cross-validated they ranked songs no better and recommended worse, so the model reads the two columns every Spotify-style table has |

## Figures

| measure | ${basename(values.data)}, cross-validated | as they are (before) | ${basename(values.check)}, placed | as they are (before) |
| --- | --- | --- | --- | --- |
| valence ROC AUC | ${f('valenceAuc')} | ${raw.valenceAuc.toFixed(3)} | ${c.placed.valenceAuc.toFixed(3)} | ${c.asTheyAre.valenceAuc.toFixed(3)} |
| arousal ROC AUC | ${f('arousalAuc')} | ${raw.arousalAuc.toFixed(3)} | ${c.placed.arousalAuc.toFixed(3)} | ${c.asTheyAre.arousalAuc.toFixed(3)} |
| quadrant accuracy | ${f('quadrantAccuracy')} | ${raw.quadrantAccuracy.toFixed(3)} | ${c.placed.quadrantAccuracy.toFixed(3)} | ${c.asTheyAre.quadrantAccuracy.toFixed(3)} |
| quadrant macro-F1 | ${f('quadrantMacroF1')} | ${raw.quadrantMacroF1.toFixed(3)} | ${c.placed.quadrantMacroF1.toFixed(3)} | ${c.asTheyAre.quadrantMacroF1.toFixed(3)} |

("As they are": Spotify valence and energy read directly as the two probabilities, as the app placed CSV
songs before this model.) Two columns cannot rank songs much better than they already do; what the model
changes is the scale: Spotify's valence and energy sit high for most music (a calm song's valence is often
0.15, yet more listeners tag energetic music with a middling valence tense than happy), so read as they are
they fall in the wrong regions of the plane. Placed on the model's scale, CSV songs and analysed songs are
ranked by the same regions. The effect on the lists is measured by
\`npx emotune eval-rec --library <table.csv> [--cross-fit]\` (README, "Recommendation").
`;
}
