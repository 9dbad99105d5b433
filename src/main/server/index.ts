export { startBrowserServer, type BrowserServer, type BrowserServerOptions } from './http-server.ts';
export { contentSecurityPolicy, isAllowedHost, isAllowedOrigin, tokensEqual } from './security.ts';
