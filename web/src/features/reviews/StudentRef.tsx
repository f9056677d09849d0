import { useTranslation } from 'react-i18next';
import type { StudentRef as StudentRefT } from '../../../../server/contract/review';

/** Who the work belongs to, as far as the reviewer may know: name and school, or the blind-review pseudonym. */
export function studentLabel(student: StudentRefT): string {
  return student.kind === 'named' ? student.name : student.pseudonym;
}

export function StudentRef({ student, inline = false }: { student: StudentRefT; inline?: boolean }) {
  const { t } = useTranslation('reviews');
  if (student.kind === 'pseudonym') {
    return (
      <span className="student-ref student-ref--blind">
        <span className="student-ref__name">{student.pseudonym}</span>
        {inline ? ' ' : null}
        <span className={inline ? 'student-ref__sub student-ref__sub--inline' : 'table__sub'}>{inline ? t('blindInline') : t('blind')}</span>
      </span>
    );
  }
  return (
    <span className="student-ref">
      <span className="student-ref__name">{student.name}</span>
      {inline ? <span className="student-ref__sep">{t('nameSep')}</span> : null}
      <span className={inline ? 'student-ref__sub student-ref__sub--inline' : 'table__sub'}>{student.school}</span>
    </span>
  );
}
