import { describe, expect, it } from 'vitest';
import { bindApi, EVENT_NAMES, isEventName, isMethodName, METHOD_NAMES, methods } from './contract.ts';

describe('the API contract', () => {
  it('names methods <domain>.<verbNoun> and events <domain>.<pastTense>', () => {
    for (const name of METHOD_NAMES) expect(name).toMatch(/^[a-z]+\.[a-z]+[A-Za-z]*$/);
    for (const name of EVENT_NAMES) expect(name).toMatch(/^[a-z]+\.[a-z]+[A-Za-z]*(ed|Changed)$/);
  });

  it('knows its own names and nothing else', () => {
    expect(isMethodName('library.importFolder')).toBe(true);
    expect(isMethodName('constructor')).toBe(false);
    expect(isMethodName('__proto__')).toBe(false);
    expect(isEventName('mood.changed')).toBe(true);
    expect(isEventName('toString')).toBe(false);
  });

  it('rejects bad input and fills defaults', () => {
    expect(methods['mood.setOverride'].input.safeParse({ emotion: 'calm' }).success).toBe(false);
    expect(methods['mood.setOverride'].input.safeParse({ emotion: null }).success).toBe(true);
    expect(methods['library.importFolder'].input.safeParse({ folder: '   ' }).success).toBe(false);
    expect(methods['library.importFolder'].input.safeParse({ folder: '/music', extra: 1 }).success).toBe(false);
    expect(methods['recommend.forMood'].input.parse({ emotion: 'sad' })).toEqual({ emotion: 'sad', k: 5 });
    expect(methods['recommend.forMood'].input.safeParse({ emotion: 'sad', k: 500 }).success).toBe(false);
    expect(methods['library.listSongs'].input.parse({})).toEqual({
      query: '',
      sort: 'artist',
      descending: false,
      limit: 200,
      offset: 0,
    });
    expect(methods['library.listSongs'].input.safeParse({ sort: 'path; DROP TABLE songs' }).success).toBe(false);
  });

  it('binds one function per method to a transport', async () => {
    const calls: [string, unknown][] = [];
    const api = bindApi(async (method, input) => {
      calls.push([method, input]);
      return 'ok';
    });
    await api['playlist.reshuffle']({});
    expect(calls).toEqual([['playlist.reshuffle', {}]]);
    expect(Object.keys(api).sort()).toEqual([...METHOD_NAMES].sort());
  });
});
