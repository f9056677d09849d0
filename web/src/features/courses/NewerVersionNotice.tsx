import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { versionDiffPath } from '../versions/versionsApi';
import type { CourseAssignment } from './coursesApi';
import './newerVersion.css';

/** Changelog lines shown before "and n earlier": a notice, not the whole history. */
const SHOWN = 3;

/**
 * Under an assignment whose scenario has newer published versions: which one is the latest, what
 * the changelog says, and a link to the diff from the assigned version. Students keep the version
 * they were assigned; moving is the teacher's choice.
 */
export function NewerVersionNotice({ assignment }: { assignment: CourseAssignment }) {
  const { t } = useTranslation('courses');
  const notice = assignment.newerVersion;
  if (!notice) return null;
  const { latest, changes } = notice;
  const shown = changes.slice(-SHOWN).reverse();
  const earlier = changes.length - shown.length;
  return (
    <div className="newer-version">
      <p className="newer-version__title">
        <span className="tag tag--new">{t('newer.tag')}</span>
        {t('newer.available', { version: latest.version })}
      </p>
      <ul className="newer-version__changes" aria-label={t('newer.changesLabel', { version: assignment.scenario.version })}>
        {shown.map((c) => (
          <li key={c.version}>
            <span className="newer-version__number">{c.version}</span> {c.changelog ?? <span className="muted">{t('newer.noChangelog')}</span>}
          </li>
        ))}
        {earlier > 0 ? <li className="muted">{t('newer.earlier', { count: earlier })}</li> : null}
      </ul>
      <Link to={versionDiffPath(latest.id, assignment.scenario.versionId)} className="newer-version__link">
        {t('newer.whatChanged')}
        <span className="visually-hidden">{t('newer.whatChangedIn', { title: assignment.title, from: assignment.scenario.version, to: latest.version })}</span>
      </Link>
    </div>
  );
}
