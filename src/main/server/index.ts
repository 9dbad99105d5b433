export { startBrowserServer, type BrowserServer, type BrowserServerOptions } from './http-server.ts';
export { CSP_LOCKDOWN, contentSecurityPolicy, isAllowedHost, isAllowedOrigin, tokensEqual } from './security.ts';
export { LOCK_FILE, lockDataDir, type InstanceLock, type LockOptions, type LockOutcome, type RunningInstance } from './instance-lock.ts';
export { LAUNCH_PAGE, removeLaunchPage, writeLaunchPage } from './launch-page.ts';
export { openStaticFile } from './static-files.ts';
export { IDENTITY_FILE, newToken, readIdentity, writeIdentity } from './browser-identity.ts';
