/**
 * A backend error: a translated headline for its stable code, then the backend's own message,
 * which names exactly what is wrong (it never carries transcript text).
 */
import { useTranslation } from 'react-i18next';
import type { ErrorInfo } from '../api/index.js';

export function ErrorNotice({ error, title }: { error: ErrorInfo; title?: string }) {
  const { t } = useTranslation();
  return (
    <div className="notice notice-error" role="alert" data-code={error.code}>
      <p className="notice-title">{title ?? t(`errors.${error.code}`)}</p>
      <p className="notice-body">{error.message}</p>
    </div>
  );
}

/** A problem found before anything is sent to the backend (e.g. passphrases that differ). */
export function FormProblem({ children }: { children: string }) {
  return (
    <div className="notice notice-error" role="alert">
      <p className="notice-title">{children}</p>
    </div>
  );
}
