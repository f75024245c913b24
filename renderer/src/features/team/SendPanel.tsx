/**
 * Sending one's work: a bundle sealed to one team member's key (usually the lead) and signed with
 * this identity, written to a file the person names (the contract takes a path; there is no save
 * dialog channel). Transcript texts travel only if asked and consented; the register never does.
 * The result says to whom (with their fingerprint, to compare by another channel) and what it holds.
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call, type ChannelOutput, type ErrorInfo } from '../../api/index.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { PathField } from '../../components/PathField.js';
import { TextField } from '../../components/TextField.js';
import { useFormat } from '../../i18n/format.js';
import { useProject } from '../workspace/store.js';

export function SendPanel() {
  const { t } = useTranslation();
  const f = useFormat();
  const store = useProject();
  const id = useId();
  const others = store.team.filter((m) => m.identityId !== store.identityId);
  const lead = others.find((m) => m.role === 'lead') ?? others[0];
  const [to, setTo] = useState(lead?.fingerprint ?? '');
  const [out, setOut] = useState('');
  const [withTranscripts, setWithTranscripts] = useState(false);
  const [country, setCountry] = useState('');
  const [sent, setSent] = useState<ChannelOutput<'bundle.create'> | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const r = await call('bundle.create', { to, out: out.trim(), withTranscripts, ...(country.trim() ? { country: country.trim() } : {}) });
    setBusy(false);
    if (!r.ok) {
      setSent(null);
      return setError(r.error);
    }
    setError(null);
    setSent(r.value);
  };

  return (
    <section className="card team-send" aria-labelledby={`${id}-title`} aria-busy={busy}>
      <h2 id={`${id}-title`} className="card-title">
        {t('team.send.title')}
      </h2>
      <p className="muted">{t('team.send.intro')}</p>
      {others.length === 0 ? (
        <p className="muted">{t('team.send.noTeam')}</p>
      ) : (
        <form className="stack-tight" onSubmit={(e) => void submit(e)} aria-label={t('team.send.formLabel')}>
          <div className="field">
            <label htmlFor={`${id}-to`} className="field-label">
              {t('team.send.to')}
            </label>
            <select id={`${id}-to`} className="select wide" value={to} onChange={(e) => setTo(e.target.value)}>
              {others.map((m) => (
                <option key={m.identityId} value={m.fingerprint}>
                  {t('team.send.member', { name: m.displayName, role: t(`team.role.${m.role}`), fingerprint: m.fingerprint })}
                </option>
              ))}
            </select>
          </div>
          <PathField label={t('team.send.out')} hint={t('team.send.outHint')} value={out} onChange={setOut} required save={{ filterName: t('files.type.bundle'), extensions: ['tandai-bundle'] }} onError={setError} />
          <TextField label={t('team.send.country')} hint={t('team.send.countryHint')} value={country} onChange={setCountry} maxLength={16} autoComplete="off" />
          <label className="check-inline">
            <input type="checkbox" checked={withTranscripts} onChange={(e) => setWithTranscripts(e.target.checked)} />
            {t('team.send.withTranscripts')}
          </label>
          <div className="actions">
            <button type="submit" className="button primary" disabled={busy || !to || !out.trim()}>
              {t('team.send.submit')}
            </button>
          </div>
        </form>
      )}
      {error ? <ErrorNotice error={error} /> : null}
      {sent ? (
        <div className="notice notice-info" role="status">
          <p className="notice-title">{t('team.send.done', { name: sent.recipient.displayName, bytes: f.number(sent.bytes) })}</p>
          <p>
            {t('team.send.fingerprint')} <code className="team-fingerprint">{sent.recipient.fingerprint}</code>
          </p>
          <p>{t('team.send.path', { path: sent.path })}</p>
          <p>{t('team.send.holds', { codes: sent.counts.codes, codings: sent.counts.codings, memos: sent.counts.memos, texts: sent.counts.transcriptTexts })}</p>
          {sent.textsLeftOut.length ? (
            <ul>
              {sent.textsLeftOut.map((x) => (
                <li key={x.transcriptId}>{x.reason}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
