/** @turnkey/core's own parseSession, the judge of what our Session holds. */
import type { Session as SdkSession } from '@turnkey/sdk-types';
import { parseSession } from '@turnkey/core/dist/utils.js';
import type { Session } from '../../src/index.ts';

/** Core reads the machine's clock itself: pinned to `nowMs` while it parses. */
export function coreParseSession(jwt: string, nowMs: number): SdkSession {
  const realNow = Date.now;
  Date.now = () => nowMs;
  try {
    return parseSession(jwt);
  } finally {
    Date.now = realNow;
  }
}

/** Our Session without the fields sdk-types does not name. */
export const sdkFields = ({ sessionKey: _k, claims: _c, ...rest }: Session) => rest;
