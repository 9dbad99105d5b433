import { isMethodName, methods, type Handlers, type MethodName } from '../../shared/api/index.ts';
import { EmotuneError } from '../../shared/errors.ts';

/**
 * The single entry for every request from any transport: the method name must be in the contract, and the
 * input is parsed with its schema before a handler sees it.
 */
export async function dispatch(handlers: Handlers, method: unknown, rawInput: unknown): Promise<unknown> {
  if (!isMethodName(method)) throw new EmotuneError('invalid-input', `unknown method ${String(method).slice(0, 80)}`);
  const parsed = methods[method].input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'input';
    throw new EmotuneError('invalid-input', `${method}: ${where}: ${issue?.message ?? 'invalid'}`);
  }
  const handler = handlers[method as MethodName] as (input: unknown) => Promise<unknown>;
  return handler(parsed.data);
}
