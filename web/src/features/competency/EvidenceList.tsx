import { Link } from 'react-router';
import type { EvidenceView, MethodView } from '../../../../server/contract/competency';
import { formatDate, plural } from '../../app/format';
import { percent, SOURCE_LABEL } from './levels';

/** The work behind one competency's mastery, newest first, each piece linked to its attempt. */
export function EvidenceList({ id, evidence, method, title }: { id: string; evidence: EvidenceView[]; method: MethodView; title: string }) {
  const sorted = [...evidence].sort((a, b) => b.submittedAt.localeCompare(a.submittedAt));
  return (
    <div id={id} className="evidence">
      <p className="evidence__method">
        Mastery from {plural(evidence.length, 'piece')} of evidence. {method.description}
      </p>
      <ol className="evidence__list" aria-label={`Evidence for ${title}`}>
        {sorted.map((e) => (
          <li key={e.id} className="evidence__item">
            <div className="evidence__score">
              <span className="evidence__value">{percent(e.score)}</span>
              {e.weight !== 1 ? <span className="table__sub">weight {e.weight}</span> : null}
            </div>
            <div className="evidence__body">
              <p className="evidence__ref">
                <span className="evidence__kind">{e.ref.kind === 'check' ? 'Check' : 'Criterion'}:</span> {e.ref.title}
              </p>
              <p className="evidence__meta">
                {SOURCE_LABEL[e.source]} · {e.scenario} · {e.assessor ?? (e.ref.kind === 'check' ? 'scored automatically' : 'enterprise reviewers')} · <time dateTime={e.submittedAt}>{formatDate(e.submittedAt)}</time>
              </p>
              {e.comment ? (
                <blockquote className="evidence__comment">
                  <p>{e.comment}</p>
                </blockquote>
              ) : null}
              <Link to={`/attempts/${e.attemptId}`} className="evidence__link">
                Open the attempt<span className="visually-hidden">: {e.scenario}, {formatDate(e.submittedAt)}</span>
              </Link>
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}
