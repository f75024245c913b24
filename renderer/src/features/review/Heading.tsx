/** A heading whose level is chosen by where review mode sits: its own screen (cards are h2) or inside the ethics tab (h3). */
import { createElement, type ReactNode } from 'react';

export type Level = 2 | 3 | 4 | 5;

export function Heading({ level, id, className, children }: { level: Level; id?: string; className?: string; children: ReactNode }) {
  return createElement(`h${level}`, { id, className }, children);
}

export const below = (level: Level): Level => Math.min(level + 1, 5) as Level;
