/**
 * A REFI-QDA file as read: what Tandai can use of a project (.qde inside a .qdpx, or bare) or a
 * codebook (.qdc). Every reference (`guid`, `codeGuid`, `targetGUID`…) is a key: the GUID in
 * Tandai's form when it is one, otherwise the id exactly as written (so a file with ids like
 * `c001` still links up); `isGuid` says which.
 */

export interface RefiId {
  key: string;
  /** The key is a proper GUID, usable as a Tandai id. */
  isGuid: boolean;
}

export interface RefiUser {
  id: RefiId;
  name: string | null;
}

export interface RefiCode {
  id: RefiId;
  name: string;
  /** #RRGGBB, or null (absent or not a colour). */
  colour: string | null;
  isCodable: boolean;
  description: string | null;
  noteRefs: string[];
  children: RefiCode[];
}

export type RefiVariableType = 'Text' | 'Boolean' | 'Integer' | 'Float' | 'Date' | 'DateTime';

export interface RefiVariable {
  id: RefiId;
  name: string;
  type: RefiVariableType;
  description: string | null;
}

export interface RefiVariableValue {
  variable: string;
  /** As written; typed later against the variable's type. */
  value: string | null;
}

export interface RefiCase {
  id: RefiId;
  name: string | null;
  sources: string[];
  values: RefiVariableValue[];
}

export interface RefiCoding {
  id: RefiId | null;
  code: string;
  creatingUser: string | null;
  creationDateTime: string | null;
  noteRefs: string[];
}

export interface RefiTextSelection {
  id: RefiId | null;
  name: string | null;
  start: number;
  end: number;
  description: string | null;
  codings: RefiCoding[];
  noteRefs: string[];
  creatingUser: string | null;
}

/** A text document: a TextSource, or a Note (which the standard models the same way). */
export interface RefiText {
  id: RefiId;
  name: string | null;
  plainTextPath: string | null;
  /** Inline text (PlainTextContent); null when absent. */
  plainTextContent: string | null;
  description: string | null;
  creatingUser: string | null;
  creationDateTime: string | null;
  modifiedDateTime: string | null;
}

export interface RefiTextSource extends RefiText {
  selections: RefiTextSelection[];
  /** Codings of the whole source. */
  codings: RefiCoding[];
  noteRefs: string[];
  values: RefiVariableValue[];
}

export interface RefiProject {
  kind: 'project';
  name: string | null;
  origin: string | null;
  namespace: string | null;
  users: RefiUser[];
  codes: RefiCode[];
  variables: RefiVariable[];
  cases: RefiCase[];
  textSources: RefiTextSource[];
  /** Picture, PDF, audio and video sources: named, not imported. */
  otherSources: { kind: string; name: string }[];
  notes: RefiText[];
  noteRefs: string[];
  description: string | null;
  sets: number;
  links: number;
  graphs: number;
}

export interface RefiCodebook {
  kind: 'codebook';
  origin: string | null;
  namespace: string | null;
  codes: RefiCode[];
  sets: number;
}

export type RefiDocument = RefiProject | RefiCodebook;
