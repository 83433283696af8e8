/**
 * Browser origins on this machine's loopback, any port: the only pages the dev-mode endpoints
 * (the outbox of one-time codes, the dev OpenID provider's token endpoint) answer across origins.
 */
export const LOOPBACK_ORIGIN = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/;
