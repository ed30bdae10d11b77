/** The host named in texted/emailed links and the WebOTP line: configuration in production, never the request's Host. */
import { describe, expect, it } from 'vitest';
import { PublicHostMissing, publicHost, publicOrigin } from '../../src/messaging/public-host';

describe('publicHost', () => {
  it('is PUBLIC_HOST whenever it is set, whatever Host the request claims', () => {
    for (const APP_ENV of ['production', 'staging', 'development', 'test']) {
      expect(publicHost({ APP_ENV, PUBLIC_HOST: 'portal.example' }, 'https://evil.example/sign-in')).toBe('portal.example');
    }
  });

  it('falls back to the request’s host only in development and tests (a port kept)', () => {
    expect(publicHost({ APP_ENV: 'development', PUBLIC_HOST: '' }, 'http://localhost:8787/sign-in')).toBe('localhost:8787');
    expect(publicHost({ APP_ENV: 'test' }, 'https://pawtal.test/x')).toBe('pawtal.test');
  });

  it('refuses, naming the setting, anywhere else (production, staging, unset)', () => {
    for (const APP_ENV of ['production', 'staging', '']) {
      expect(() => publicHost({ APP_ENV, PUBLIC_HOST: '' }, 'https://evil.example/')).toThrow(PublicHostMissing);
      expect(() => publicHost({ APP_ENV, PUBLIC_HOST: '  ' }, 'https://evil.example/')).toThrow(/PUBLIC_HOST is not set/);
    }
  });
});

describe('publicOrigin', () => {
  it('is https:// + PUBLIC_HOST when set, the request’s own origin (scheme and port) in development', () => {
    expect(publicOrigin({ APP_ENV: 'production', PUBLIC_HOST: 'Portal.Example' }, 'https://evil.example/')).toBe('https://portal.example');
    expect(publicOrigin({ APP_ENV: 'development', PUBLIC_HOST: '' }, 'http://localhost:8787/manage')).toBe('http://localhost:8787');
    expect(() => publicOrigin({ APP_ENV: 'production', PUBLIC_HOST: '' }, 'https://evil.example/')).toThrow(PublicHostMissing);
  });
});
