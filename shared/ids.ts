/** Branded UUIDs: names are labels, never keys (DESIGN principle 4). */
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

export type ProjectId = Brand<string, 'ProjectId'>;
export type IdentityId = Brand<string, 'IdentityId'>;
export type ParticipantId = Brand<string, 'ParticipantId'>;
export type TranscriptId = Brand<string, 'TranscriptId'>;
export type TranscriptVersionId = Brand<string, 'TranscriptVersionId'>;
export type CodeId = Brand<string, 'CodeId'>;
export type CodebookVersionId = Brand<string, 'CodebookVersionId'>;
export type CodingId = Brand<string, 'CodingId'>;
export type MemoId = Brand<string, 'MemoId'>;
export type MarkId = Brand<string, 'MarkId'>;
export type AttributeId = Brand<string, 'AttributeId'>;

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function newId<T extends Brand<string, string>>(): T {
  return globalThis.crypto.randomUUID() as T;
}
