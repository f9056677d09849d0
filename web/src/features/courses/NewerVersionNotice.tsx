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
  const notice = assignment.newerVersion;
  if (!notice) return null;
  const { latest, changes } = notice;
  const shown = changes.slice(-SHOWN).reverse();
  const earlier = changes.length - shown.length;
  return (
    <div className="newer-version">
      <p className="newer-version__title">
        <span className="tag tag--new">New</span>
        Version {latest.version} is available
      </p>
      <ul className="newer-version__changes" aria-label={`Changes since ${assignment.scenario.version}`}>
        {shown.map((c) => (
          <li key={c.version}>
            <span className="newer-version__number">{c.version}</span> {c.changelog ?? <span className="muted">no changelog line</span>}
          </li>
        ))}
        {earlier > 0 ? <li className="muted">and {earlier === 1 ? 'one earlier version' : `${earlier} earlier versions`}</li> : null}
      </ul>
      <Link to={versionDiffPath(latest.id, assignment.scenario.versionId)} className="newer-version__link">
        What changed<span className="visually-hidden"> in {assignment.title} from version {assignment.scenario.version} to {latest.version}</span>
      </Link>
    </div>
  );
}
