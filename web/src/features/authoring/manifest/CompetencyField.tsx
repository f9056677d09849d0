/**
 * CompetencyField: choose competencies of the imported frameworks by searching their codes and
 * titles; with weights for a check's or criterion's evidence, or codes only for the scenario's
 * `competencies` list. The course module dialog's picker, fed with the authoring options.
 *
 * Props
 *   options     every competency (GET /api/competencies, the page loads it once)
 *   value       [{ code, weight }]; weights are ignored when `weights` is false
 *   onChange    the new list
 *   weights     true (default): a weight per code, above 0 and at most 1
 *   legend      e.g. "Competencies this criterion gives evidence of"
 *   preferred   codes listed first with a tag (the scenario's own competencies)
 *   noteFor     a note under a chosen code, e.g. "Also added to the scenario's competencies"
 *   error, loading, loadError
 */
import { useTranslation } from 'react-i18next';
import type { CompetencyOption } from '../../../../../server/contract/authoring';
import { CompetencyPicker, type PickedCompetency } from '../../competency/CompetencyPicker';
import './manifest.css';

export type { PickedCompetency };

type Props = {
  options: CompetencyOption[];
  value: PickedCompetency[];
  onChange: (next: PickedCompetency[]) => void;
  weights?: boolean;
  legend: string;
  emptyHint?: string;
  weightHint?: string;
  preferred?: { codes: string[]; tag: string };
  noteFor?: (code: string) => string | null;
  error?: string | undefined;
  loading?: boolean;
  loadError?: string | null;
};

export function CompetencyField({ options, loading = false, loadError = null, weights = true, ...rest }: Props) {
  const { t } = useTranslation('authoring');
  return (
    <div className="competency-field">
      <CompetencyPicker
        items={options}
        knownTitles={{}}
        loading={loading}
        loadError={loadError}
        weights={weights}
        emptyHint={weights ? t('competencies.emptyWeights') : t('competencies.empty')}
        weightHint={t('competencies.weightHint')}
        {...rest}
      />
    </div>
  );
}
