import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type Tf = typeof import('@tensorflow/tfjs');

export interface TfRuntime {
  tf: Tf;
  /** The backend in use: "tensorflow" (tfjs-node), "wasm" or "cpu". */
  backend: string;
  /** Why a faster backend was not used, when it was not. */
  notes: string[];
}

const requireCjs = createRequire(import.meta.url);

/**
 * Picks the fastest TensorFlow.js backend that loads here: `@tensorflow/tfjs-node` (native libtensorflow; an
 * optional dependency whose install downloads a binary, so it is often absent), else the WebAssembly backend
 * (SIMD where the CPU has it), else the plain JavaScript one.
 */
export async function loadTfRuntime(preferred: 'auto' | 'wasm' | 'cpu' = 'auto'): Promise<TfRuntime> {
  const notes: string[] = [];
  if (preferred === 'auto') {
    try {
      const tf = requireCjs('@tensorflow/tfjs-node') as Tf;
      await tf.ready();
      return { tf, backend: tf.getBackend(), notes };
    } catch (error) {
      notes.push(`tfjs-node unavailable: ${firstLine(error)}`);
    }
  }
  const tf = requireCjs('@tensorflow/tfjs') as Tf;
  if (preferred !== 'cpu') {
    try {
      const wasm = requireCjs('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
      // In Node the .wasm binaries are read from the package's dist folder (beside its main file).
      wasm.setWasmPaths(join(dirname(requireCjs.resolve('@tensorflow/tfjs-backend-wasm')), '/'));
      if (await tf.setBackend('wasm')) {
        await tf.ready();
        return { tf, backend: 'wasm', notes };
      }
      notes.push('wasm backend did not initialise');
    } catch (error) {
      notes.push(`wasm backend unavailable: ${firstLine(error)}`);
    }
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return { tf, backend: 'cpu', notes };
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0] ?? '';
}
