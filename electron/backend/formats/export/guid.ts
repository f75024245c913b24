/**
 * Stable GUIDs for what has no id of its own in Tandai (a REFI-QDA selection, a variable): SHA-256
 * of a namespace (the project id) and a name, shaped as an RFC 9562 version 8 UUID. The same
 * project and the same codings give the same GUIDs in every export, so other tools can match them.
 */
import { createHash } from 'node:crypto';
import type { GuidFor } from '../../../../shared/interchange/export/model.js';

export function guidDeriver(namespace: string): GuidFor {
  return (name) => {
    const h = createHash('sha256').update(`tandai-guid|${namespace}|${name}`).digest();
    h[6] = (h[6]! & 0x0f) | 0x80; // version 8
    h[8] = (h[8]! & 0x3f) | 0x80; // RFC variant
    const x = h.subarray(0, 16).toString('hex');
    return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
  };
}
