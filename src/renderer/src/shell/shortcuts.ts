import { EMOTIONS, type Emotion } from '../../../shared/emotion.ts';

export type ShortcutAction =
  | { type: 'toggle-play' }
  | { type: 'next' }
  | { type: 'previous' }
  | { type: 'seek'; deltaSec: number }
  | { type: 'volume'; delta: number }
  | { type: 'override'; emotion: Emotion | null }
  | { type: 'reshuffle' }
  | { type: 'toggle-shuffle' }
  | { type: 'cycle-repeat' }
  | { type: 'toggle-camera' }
  | { type: 'toggle-mute' }
  | { type: 'focus-search' }
  | { type: 'help' }
  | { type: 'settings' };

/** The keyboard map, in one place for the handler and the help sheet. */
export const SHORTCUTS: { keys: string; does: string }[] = [
  { keys: 'Space', does: 'Play / pause' },
  { keys: 'N / P', does: 'Next / previous song' },
  { keys: '← / →', does: 'Seek 10 s back / forward' },
  { keys: '↑ / ↓', does: 'Volume up / down' },
  { keys: 'M', does: 'Mute / unmute' },
  { keys: '1 … 7', does: 'Choose the mood: angry, disgust, fear, happy, sad, surprise, neutral' },
  { keys: '0 or A', does: 'Back to the camera’s mood (auto)' },
  { keys: 'R', does: 'Reshuffle the playlist' },
  { keys: 'S', does: 'Shuffle on / off' },
  { keys: 'L', does: 'Repeat: off, all, one' },
  { keys: 'C', does: 'Camera off / on' },
  { keys: '/', does: 'Search the library' },
  { keys: ',', does: 'Settings' },
  { keys: '?', does: 'Show these shortcuts' },
];

/**
 * Maps a key press to an action; none while typing in a field or with Ctrl/Alt/Meta held, and Space is left
 * to a focused button or slider (it presses or moves them).
 */
export function shortcutFor(event: {
  key: string;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
  targetIsEditable: boolean;
  targetIsControl?: boolean;
}): ShortcutAction | null {
  if (event.ctrlKey || event.altKey || event.metaKey || event.targetIsEditable) return null;
  const key = event.key;
  if (event.targetIsControl && (key === ' ' || key === 'Enter')) return null;
  if (key === ' ') return { type: 'toggle-play' };
  if (key === 'n' || key === 'N') return { type: 'next' };
  if (key === 'p' || key === 'P') return { type: 'previous' };
  if (key === 'ArrowRight') return { type: 'seek', deltaSec: 10 };
  if (key === 'ArrowLeft') return { type: 'seek', deltaSec: -10 };
  if (key === 'ArrowUp') return { type: 'volume', delta: 0.05 };
  if (key === 'ArrowDown') return { type: 'volume', delta: -0.05 };
  if (key === '0' || key === 'a' || key === 'A') return { type: 'override', emotion: null };
  if (/^[1-7]$/.test(key)) return { type: 'override', emotion: EMOTIONS[Number(key) - 1] as Emotion };
  if (key === 'r' || key === 'R') return { type: 'reshuffle' };
  if (key === 's' || key === 'S') return { type: 'toggle-shuffle' };
  if (key === 'l' || key === 'L') return { type: 'cycle-repeat' };
  if (key === 'c' || key === 'C') return { type: 'toggle-camera' };
  if (key === 'm' || key === 'M') return { type: 'toggle-mute' };
  if (key === '/') return { type: 'focus-search' };
  if (key === '?') return { type: 'help' };
  if (key === ',') return { type: 'settings' };
  return null;
}
