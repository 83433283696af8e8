/**
 * OpenID id_tokens from trusted issuers only (TKAUTH_OIDC_ISSUERS; the dev provider in dev mode),
 * verified with jose: signature against the issuer's JWKS, `iss`, `aud` among the allowed
 * audiences, `exp` against our clock. jose never accepts `alg: none`.
 */
import { createRemoteJWKSet, decodeJwt, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { ApiError } from '@tkauth/wire';
import { oidcNonceFor } from '@tkauth/wire';

export interface TrustedIssuer {
  issuer: string;
  jwksUri: string;
  audiences: string[];
}

export interface OidcIdentity {
  iss: string;
  sub: string;
  /** The audience that matched an allowed one. */
  aud: string;
  claims: JWTPayload;
}

const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'];

export class IdTokenVerifier {
  private readonly byIssuer = new Map<string, { cfg: TrustedIssuer; jwks: ReturnType<typeof createRemoteJWKSet> }>();
  constructor(
    issuers: readonly TrustedIssuer[],
    private readonly now: () => number,
  ) {
    for (const cfg of issuers) this.byIssuer.set(cfg.issuer, { cfg, jwks: createRemoteJWKSet(new URL(cfg.jwksUri)) });
  }

  async verify(token: string): Promise<OidcIdentity> {
    let iss: unknown;
    try {
      iss = decodeJwt(token).iss;
    } catch {
      throw new ApiError('ERR_OIDC_TOKEN_INVALID', 'not a JWT');
    }
    const trusted = typeof iss === 'string' ? this.byIssuer.get(iss) : undefined;
    if (!trusted) throw new ApiError('ERR_OIDC_ISSUER_UNTRUSTED', String(iss).slice(0, 200));
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, trusted.jwks, {
        issuer: trusted.cfg.issuer,
        audience: trusted.cfg.audiences,
        algorithms: ALGORITHMS,
        currentDate: new Date(this.now()),
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (e) {
      if (e instanceof joseErrors.JWTExpired) throw new ApiError('ERR_OIDC_TOKEN_EXPIRED');
      if (e instanceof joseErrors.JWTClaimValidationFailed) throw new ApiError('ERR_OIDC_TOKEN_INVALID', `claim ${e.claim} ${e.reason}`);
      throw new ApiError('ERR_OIDC_TOKEN_INVALID', (e as { code?: string }).code ?? 'verification failed');
    }
    const auds = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    const aud = auds.find((a) => typeof a === 'string' && trusted.cfg.audiences.includes(a))!;
    return { iss: trusted.cfg.issuer, sub: payload.sub!, aud, claims: payload };
  }
}

export { oidcNonceFor };

export function checkNonce(claims: JWTPayload, publicKey: string): void {
  const expected = oidcNonceFor(publicKey);
  if (claims.nonce !== expected && claims.tknonce !== expected) throw new ApiError('ERR_OIDC_NONCE_MISMATCH');
}
