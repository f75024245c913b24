/** Moving between the workspace's views from inside one (e.g. "open in the reader" from retrieval). */
import { createContext, useContext } from 'react';
import type { View } from './types.js';

export const NavigateContext = createContext<(v: View) => void>(() => {});

export function useNavigate(): (v: View) => void {
  return useContext(NavigateContext);
}
