import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, isAllowedHost, isAllowedOrigin, readCookie, tokensEqual } from './security.ts';

describe('browser-mode request guards', () => {
  it('accepts only this server on loopback as Host', () => {
    expect(isAllowedHost('127.0.0.1:4000', 4000)).toBe(true);
    expect(isAllowedHost('localhost:4000', 4000)).toBe(true);
    expect(isAllowedHost('evil.example:4000', 4000)).toBe(false);
    expect(isAllowedHost('127.0.0.1:4001', 4000)).toBe(false);
    expect(isAllowedHost(undefined, 4000)).toBe(false);
  });

  it('accepts no Origin (same-origin GET) or its own origin only', () => {
    expect(isAllowedOrigin(undefined, 4000)).toBe(true);
    expect(isAllowedOrigin('http://127.0.0.1:4000', 4000)).toBe(true);
    expect(isAllowedOrigin('http://evil.example', 4000)).toBe(false);
    expect(isAllowedOrigin('null', 4000)).toBe(false);
  });

  it('compares tokens exactly', () => {
    expect(tokensEqual('abc', 'abc')).toBe(true);
    expect(tokensEqual('abd', 'abc')).toBe(false);
    expect(tokensEqual('ab', 'abc')).toBe(false);
    expect(tokensEqual(null, 'abc')).toBe(false);
  });

  it('reads one cookie among several', () => {
    expect(readCookie('a=1; emotune_token=xyz%3D; b=2', 'emotune_token')).toBe('xyz=');
    expect(readCookie('a=1', 'emotune_token')).toBeNull();
    expect(readCookie('emotune_token=%%', 'emotune_token')).toBeNull();
  });

  it('allows only our own scripts and socket', () => {
    const csp = contentSecurityPolicy(4000);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain('ws://127.0.0.1:4000');
    expect(csp).toContain("frame-ancestors 'none'");
  });
});
