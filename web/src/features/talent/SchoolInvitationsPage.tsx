import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../app/format';
import { toProblem } from '../../app/problem';
import { LoadState } from '../../components/Banner';
import { EmptyState } from '../../components/EmptyState';
import { Page } from '../../components/Page';
import { useSchoolTalentInvitationsQuery } from './talentApi';
import './talent.css';

/** The school's teachers and admins: the interview invitations their students received, whatever became of the consent. */
export function SchoolInvitationsPage() {
  const { t } = useTranslation('talent');
  const { data, error, isLoading } = useSchoolTalentInvitationsQuery();
  const problem = toProblem(error);
  return (
    <Page title={t('school.title')} intro={t('school.intro')}>
      <LoadState problem={problem} isLoading={isLoading} loading={t('loading')} />
      {data && data.length === 0 ? <EmptyState title={t('school.noneTitle')}>{t('school.none')}</EmptyState> : null}
      {data && data.length > 0 ? (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('school.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('school.student')}</th>
                <th scope="col">{t('school.enterprise')}</th>
                <th scope="col">{t('school.role')}</th>
                <th scope="col">{t('invitations.when')}</th>
                <th scope="col">{t('invitations.where')}</th>
                <th scope="col">{t('school.status')}</th>
              </tr>
            </thead>
            <tbody>
              {data.map((i) => (
                <tr key={i.id}>
                  <td className="table__name">{i.student?.name}</td>
                  <td>{i.enterprise.name}</td>
                  <td>{i.role}</td>
                  <td className="table__date">
                    <time dateTime={i.at}>{formatDateTime(i.at)}</time>
                  </td>
                  <td>{i.place}</td>
                  <td>
                    <span className={`pill talent-status--${i.status}`}>{t('status', { status: i.status })}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Page>
  );
}
