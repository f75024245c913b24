/** REFI-QDA GUIDs (GUIDType: 8-4-4-4-12 hex, optionally in braces, either case) as Tandai ids. */
const GUID = /^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$/;

/** The GUID in Tandai's form (lower case, no braces), or null if it is not a GUID. */
export function normaliseGuid(value: string | undefined | null): string | null {
  if (value == null) return null;
  const m = GUID.exec(value.trim());
  if (!m) return null;
  // A brace on one side only is not a GUIDType either.
  const v = value.trim();
  if (v.startsWith('{') !== v.endsWith('}')) return null;
  return m[1]!.toLowerCase();
}
