/**
 * What every exporter is given: plain data the export service assembled from what the export gate
 * authorised (renditions, codebook) plus the coding ranges already mapped onto the renditions. The
 * builders never see the project, so they cannot reach past the gate.
 */
import type { AttributeDef, AttributeValue, Code, MemoTarget } from '../../contract/schemas.js';

export interface ExportSource {
  /** The transcript's id (the REFI-QDA source GUID). */
  id: string;
  versionId: string;
  participantId: string;
  /** As the gate names the participant (a pseudonym once de-identified). */
  participantLabel: string;
  title: string;
  /** The rendition's text: exactly what leaves the project. */
  text: string;
  attributes: Record<string, AttributeValue>;
}

export interface ExportCoding {
  id: string;
  transcriptId: string;
  codeId: string;
  coderId: string | null;
  createdAt: string;
  /** UTF-16 offsets into the source's rendition text (the original range mapped through the gate's offset map). */
  start: number;
  end: number;
}

export interface ExportMemo {
  id: string;
  target: MemoTarget;
  body: string;
  authorId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ExportUser {
  id: string;
  name: string;
}

export interface ExportVariable {
  /** Tandai's attribute key (e.g. `country`). */
  key: string;
  name: string;
  type: AttributeDef['type'];
}

export interface ExportModel {
  project: { id: string; name: string };
  /** When the export was made (ISO 8601). */
  createdAt: string;
  exporter: ExportUser;
  /** "Tandai <version>": the `origin` other tools read. */
  origin: string;
  codebookVersion: { id: string; seq: number; createdAt: string } | null;
  /** In tree order (parents before children). */
  codes: Code[];
  sources: ExportSource[];
  codings: ExportCoding[];
  memos: ExportMemo[];
  users: ExportUser[];
  variables: ExportVariable[];
}

/** Derives a stable GUID from a name (the backend hashes it): selections and variables have no id of their own. */
export type GuidFor = (name: string) => string;

/** The children of each code id (null: the roots), keeping the model's order. */
export function codeChildren(codes: readonly Code[]): Map<string | null, Code[]> {
  const ids = new Set(codes.map((c) => c.id));
  const out = new Map<string | null, Code[]>();
  for (const c of codes) {
    const parent = c.parentId !== null && ids.has(c.parentId) ? c.parentId : null;
    const list = out.get(parent) ?? [];
    list.push(c);
    out.set(parent, list);
  }
  return out;
}

/** "Parent / Child / Grandchild" for each code id. */
export function codePaths(codes: readonly Code[]): Map<string, string> {
  const byId = new Map(codes.map((c) => [c.id, c]));
  const out = new Map<string, string>();
  const pathOf = (c: Code, seen: Set<string>): string => {
    const known = out.get(c.id);
    if (known !== undefined) return known;
    const parent = c.parentId !== null ? byId.get(c.parentId) : undefined;
    const p = parent && !seen.has(parent.id) ? `${pathOf(parent, new Set([...seen, c.id]))} / ${c.name}` : c.name;
    out.set(c.id, p);
    return p;
  };
  for (const c of codes) pathOf(c, new Set([c.id]));
  return out;
}
