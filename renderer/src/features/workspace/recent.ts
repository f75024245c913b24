/**
 * Recent codes for the 1–9 keys, in stable slots: a code keeps its number while it stays recent,
 * so fingers learn it; a new code takes a free slot, or the least recently used one.
 */

export interface RecentSlots {
  /** Slot i (0-based, key i+1) holds this code id, or null. */
  slots: (string | null)[];
  /** Code ids from least to most recently used. */
  lru: string[];
}

export const SLOT_COUNT = 9;

export const emptyRecent = (): RecentSlots => ({ slots: Array<string | null>(SLOT_COUNT).fill(null), lru: [] });

export function takeSlot(r: RecentSlots, codeId: string): RecentSlots {
  const lru = [...r.lru.filter((id) => id !== codeId), codeId];
  if (r.slots.includes(codeId)) return { slots: r.slots, lru };
  const slots = [...r.slots];
  const free = slots.indexOf(null);
  if (free >= 0) slots[free] = codeId;
  else {
    const oldest = r.lru.find((id) => slots.includes(id));
    slots[oldest !== undefined ? slots.indexOf(oldest) : 0] = codeId;
  }
  return { slots, lru: lru.filter((id) => slots.includes(id)) };
}

/** Drops codes that no longer exist. */
export function pruneSlots(r: RecentSlots, exists: (id: string) => boolean): RecentSlots {
  const slots = r.slots.map((id) => (id !== null && exists(id) ? id : null));
  if (slots.every((id, i) => id === r.slots[i])) return r;
  return { slots, lru: r.lru.filter(exists) };
}
