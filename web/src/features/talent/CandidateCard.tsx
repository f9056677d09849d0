import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CandidateView } from '../../../../server/contract/talent';
import { formatDate, formatDay, formatDecimal } from '../../app/format';
import { toProblem } from '../../app/problem';
import { OutcomeBanners } from '../../components/Banner';
import { levelName } from '../competency/levels';
import { Field } from '../../components/Field';
import { useInviteCandidateMutation, useShortlistCandidateMutation, useUnlistCandidateMutation } from './talentApi';

type Props = { candidate: CandidateView; role: string; baseId: string | null; enterpriseId: string | undefined };

/** One candidate: fit in words and levels, what they share, shortlist and invitation. */
export function CandidateCard({ candidate: c, role, baseId, enterpriseId }: Props) {
  const { t } = useTranslation('talent');
  const name = c.name ?? t('candidates.anonymous');
  const idBase = `cand-${c.id}`;
  return (
    <article className="talent-card" aria-labelledby={`${idBase}-title`}>
      <h3 className="talent-card__title" id={`${idBase}-title`}>
        {name}
      </h3>
      <p className="muted">{c.school ? c.school.name : t('candidates.noIdentity')}</p>
      <p>
        <span className={`pill talent-fit--${c.fit}`}>{t('fit.label', { fit: c.fit })}</span> <span className="muted">{t('fit.explain', { fit: c.fit })}</span>
      </p>
      {c.competencies.length > 0 ? (
        <div className="table-wrap table-wrap--flat">
          <table className="table table--compact">
            <caption className="visually-hidden">{t('table.caption', { name })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('table.competency')}</th>
                <th scope="col">{t('table.required')}</th>
                <th scope="col">{t('table.level')}</th>
                <th scope="col" className="table__num">
                  {t('table.gap')}
                </th>
              </tr>
            </thead>
            <tbody>
              {c.competencies.map((k) => (
                <tr key={k.code}>
                  <td className="table__name--wrap">{k.title}</td>
                  <td>{levelName(k.required)}</td>
                  <td>{k.level ? `${levelName(k.level)} (${formatDecimal(k.value ?? 0)})` : t('table.notAssessed')}</td>
                  <td className="table__num">{k.meets ? t('table.meets') : k.value === null ? t('table.notAssessed') : formatDecimal(k.gap)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <h4 className="talent-card__sub">{t('assessments.title')}</h4>
      {c.assessments === null ? (
        <p className="muted">{t('assessments.notShared')}</p>
      ) : c.assessments.length === 0 ? (
        <p className="muted">{t('assessments.none')}</p>
      ) : (
        <ul className="plain-list talent-list">
          {c.assessments.map((a, i) => (
            <li key={`${a.code}:${a.on}:${i}`}>
              {t('assessments.entry', { level: a.level ? levelName(a.level) : formatDecimal(a.value), competency: a.title, enterprise: a.enterprise, role: a.role, date: formatDay(a.on) })}
            </li>
          ))}
        </ul>
      )}
      <ShortlistForm candidate={c} role={role} enterpriseId={enterpriseId} idBase={idBase} />
      <InviteForm candidate={c} role={role} baseId={baseId} enterpriseId={enterpriseId} idBase={idBase} name={name} />
    </article>
  );
}

function ShortlistForm({ candidate: c, role, enterpriseId, idBase }: { candidate: CandidateView; role: string; enterpriseId: string | undefined; idBase: string }) {
  const { t } = useTranslation('talent');
  const [note, setNote] = useState(c.shortlist?.note ?? '');
  const [notice, setNotice] = useState<string | null>(null);
  const [save, saveState] = useShortlistCandidateMutation();
  const [remove, removeState] = useUnlistCandidateMutation();
  const problem = toProblem(saveState.error ?? removeState.error);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await save({ candidateId: c.id, role, note, enterpriseId });
    if (!('error' in r)) setNotice(t('shortlist.saved'));
  };
  return (
    <form className="talent-form" onSubmit={(e) => void submit(e)}>
      <OutcomeBanners notice={notice} onDismiss={() => setNotice(null)} problem={problem} />
      {c.shortlist ? <p className="muted">{t('shortlist.on', { date: formatDate(c.shortlist.at), role: c.shortlist.role })}</p> : null}
      <Field id={`${idBase}-note`} label={t('shortlist.note')}>
        {(control) => <textarea {...control} className="input" rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      <div className="talent-actions">
        <button type="submit" className="btn talent-touch" aria-disabled={saveState.isLoading || undefined}>
          {c.shortlist ? t('shortlist.update') : t('shortlist.add')}
        </button>
        {c.shortlist ? (
          <button type="button" className="btn btn--quiet talent-touch" onClick={() => void remove({ candidateId: c.id, enterpriseId })}>
            {t('shortlist.remove')}
          </button>
        ) : null}
      </div>
    </form>
  );
}

/** `<input type="datetime-local">` speaks local time without a zone; the API wants an instant. */
function toInstant(local: string): string {
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}

type InviteProps = { candidate: CandidateView; role: string; baseId: string | null; enterpriseId: string | undefined; idBase: string; name: string };

function InviteForm({ candidate: c, role, baseId, enterpriseId, idBase, name }: InviteProps) {
  const { t } = useTranslation('talent');
  const [open, setOpen] = useState(false);
  const [at, setAt] = useState('');
  const [place, setPlace] = useState('');
  const [message, setMessage] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [invite, state] = useInviteCandidateMutation();
  const problem = toProblem(state.error);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (state.isLoading) return;
    const r = await invite({ candidateId: c.id, role, baseId: baseId ?? undefined, at: toInstant(at), place, message, enterpriseId });
    if (!('error' in r)) {
      setNotice(t('invite.sent'));
      setOpen(false);
    }
  };
  if (!open) {
    return (
      <>
        <OutcomeBanners notice={notice} onDismiss={() => setNotice(null)} problem={null} />
        <div className="talent-actions">
          <button type="button" className="btn btn--primary talent-touch" onClick={() => setOpen(true)}>
            {t('invite.open')}
          </button>
        </div>
      </>
    );
  }
  return (
    <form className="talent-form" onSubmit={(e) => void submit(e)} aria-labelledby={`${idBase}-invite`}>
      <h4 className="talent-card__sub" id={`${idBase}-invite`}>
        {t('invite.title', { name, role })}
      </h4>
      <OutcomeBanners notice={null} onDismiss={() => undefined} problem={problem} />
      <Field id={`${idBase}-at`} label={t('invite.at')} error={problem?.fields.at}>
        {(control) => <input {...control} type="datetime-local" className="input" required value={at} onChange={(e) => setAt(e.target.value)} />}
      </Field>
      <Field id={`${idBase}-place`} label={t('invite.place')} error={problem?.fields.place}>
        {(control) => <input {...control} className="input" required maxLength={500} value={place} onChange={(e) => setPlace(e.target.value)} />}
      </Field>
      <Field id={`${idBase}-message`} label={t('invite.message')} error={problem?.fields.message}>
        {(control) => <textarea {...control} className="input" rows={3} maxLength={2000} value={message} onChange={(e) => setMessage(e.target.value)} />}
      </Field>
      <div className="talent-actions">
        <button type="submit" className="btn btn--primary talent-touch" aria-disabled={state.isLoading || undefined}>
          {state.isLoading ? t('invite.sending') : t('invite.send')}
        </button>
        <button type="button" className="btn btn--quiet talent-touch" onClick={() => setOpen(false)}>
          {t('invite.cancel')}
        </button>
      </div>
    </form>
  );
}
