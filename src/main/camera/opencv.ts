import { createRequire } from 'node:module';
import { EmotuneError } from '../../shared/errors.ts';

export type OpenCV = typeof import('@u4/opencv4nodejs').default;
export type Mat = import('@u4/opencv4nodejs').Mat;

const requireCjs = createRequire(import.meta.url);
let loaded: OpenCV | null = null;

/**
 * Loads the OpenCV binding once per process (a native addon can only be loaded once). Its builder logs to
 * stdout on load, which would corrupt the CLI's JSON, so that logger is silenced first.
 */
export function loadOpenCV(): OpenCV {
  if (loaded) return loaded;
  // The binding's optional Mat allocator reports memory to V8 from inside garbage collection, which Node
  // 20+ aborts on ("Check failed: marking_done_", UrielCh/opencv4nodejs#134, #148). It reads this variable
  // once, when the addon loads; frames are released explicitly instead.
  process.env.OPENCV4NODEJS_DISABLE_EXTERNAL_MEM_TRACKING ??= '1';
  try {
    (requireCjs('@u4/opencv-build') as { Log: { silence: boolean } }).Log.silence = true;
  } catch {
    // Older bindings have no separate builder package; nothing to silence.
  }
  try {
    loaded = requireCjs('@u4/opencv4nodejs') as OpenCV;
  } catch (error) {
    throw new EmotuneError(
      'camera-unavailable',
      `OpenCV could not be loaded (${(error as Error).message.split('\n')[0]}); install libopencv-dev and rebuild @u4/opencv4nodejs`,
      { cause: error },
    );
  }
  return loaded;
}
