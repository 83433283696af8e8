export * from './errors.ts';
export * from './encoding.ts';
export * from './stamp.ts';
export * from './timestamp.ts';
export type * from './types.ts';
export * from './jwt.ts';
export * from './backend-errors.ts';
export * from './p256-key.ts';
export * from './client-signature.ts';
