/** The screens the app moves between. The open project's own views live inside `workspace`. */
import type { ProjectInfo } from '../features/project/types.js';

export type Screen =
  | { name: 'loading' }
  | { name: 'no-backend' }
  | { name: 'identity-create' }
  /** `then`: where to go once unlocked (e.g. back to the locked project). */
  | { name: 'identity-unlock'; then?: Screen }
  | { name: 'project-start' }
  | { name: 'project-create' }
  | { name: 'project-recovery'; project: ProjectInfo; phrase: string }
  /** `lockedPath` set: unlock that project; null: open any project by path (`path` prefilled, e.g. a recent one). */
  | { name: 'project-open'; lockedPath: string | null; path?: string }
  | { name: 'workspace'; project: ProjectInfo }
  /** The ethics reviewer's review mode, with no project open (needs an unlocked identity). */
  | { name: 'review' };
