import type { EmotionEstimate, MoodState } from '../../../shared/api/index.ts';
import { topEmotion, type Emotion } from '../../../shared/emotion.ts';
import { EMOTION_STYLE, formatPercent } from './emotion-style.ts';

export interface MoodHeadline {
  emoji: string;
  label: string;
  /** One plain line under the label (the card keeps its height whatever it says). */
  detail: string;
  /** Whether the label is shown faded (the camera is not sure). */
  faded: boolean;
  /**
   * What a screen reader announces: it changes only when the mood the playlist follows changes (or is
   * chosen), never with every confidence tick.
   */
  announce: string;
}

const name = (emotion: Emotion): string => EMOTION_STYLE[emotion].label.toLowerCase();

/**
 * The mood card's headline, in plain words, from the mood state, the latest frame's smoothed estimate and
 * whether the camera is on. When the camera now reads another mood than the one shown (hysteresis holds the
 * shown one until the new one lasts), it says so, so the headline never contradicts the bars below it.
 */
export function moodHeadline(input: {
  state: MoodState;
  /** The latest frame's smoothed estimate (what the bars show), or null. */
  reading: EmotionEstimate | null;
  cameraOff: boolean;
  modelProblem: 'failed' | 'loading' | null;
}): MoodHeadline {
  const { state, reading, cameraOff } = input;
  const announceFor = (emotion: Emotion | null, chosen: boolean): string =>
    emotion ? `Mood: ${EMOTION_STYLE[emotion].label}${chosen ? ', chosen by you' : ''}` : '';
  if (state.override) {
    const style = EMOTION_STYLE[state.override];
    const sees = !cameraOff && reading ? ` · the camera sees ${name(reading.emotion)} (${formatPercent(reading.confidence)})` : '';
    return { emoji: style.emoji, label: style.label, detail: `Chosen by you${sees}`, faded: false, announce: announceFor(state.override, true) };
  }
  const detected = state.detected;
  if (!detected) {
    const detail =
      input.modelProblem === 'failed'
        ? 'The emotion model could not start (what went wrong: the model badge at the top): pick a mood below.'
        : cameraOff
          ? 'The camera is off: pick a mood below.'
          : input.modelProblem === 'loading'
            ? 'Getting the emotion model ready…'
            : 'Look at the camera, or pick a mood below.';
    return { emoji: '🙂', label: 'Waiting for a face…', detail, faded: false, announce: '' };
  }
  const style = EMOTION_STYLE[detected.emotion];
  // What the bars lead with now (the smoothed probabilities), which hysteresis may not have shown yet.
  const leading = reading ? topEmotion(reading.probabilities) : null;
  // The shown mood's confidence: its share in the latest reading where there is one.
  const confidence = reading ? reading.probabilities[detected.emotion] : detected.confidence;
  const announce = announceFor(state.effective ?? detected.emotion, false);
  let detail: string;
  if (cameraOff) detail = 'Camera off: this mood stays until you pick one or turn the camera on.';
  else if (!state.faceVisible) detail = `No face in view: holding ${name(detected.emotion)}.`;
  else if (leading && leading.emotion !== detected.emotion) {
    detail = `Holding ${name(detected.emotion)}: the camera now reads ${name(leading.emotion)} (${formatPercent(leading.confidence)}); the mood changes if that lasts.`;
  } else if (state.uncertain) {
    detail = `Not sure (${formatPercent(confidence)})${state.effective ? `: the playlist stays ${name(state.effective)}` : ''}.`;
  } else if (state.emerging) {
    detail = `Holding ${name(detected.emotion)}: ${name(state.emerging)} is rising; the mood changes if it lasts.`;
  } else detail = `${formatPercent(confidence)} sure · from the camera`;
  return { emoji: style.emoji, label: style.label, detail, faded: state.uncertain, announce };
}
