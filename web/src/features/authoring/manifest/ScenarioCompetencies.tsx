/**
 * ScenarioCompetencies: the scenario's `competencies` list, chosen with the competency field
 * instead of typed as codes. Checks and criteria may weigh only listed competencies, so removing
 * one they still use is refused with where it is used.
 *
 * Props
 *   yamlText      the current scenario.yaml
 *   competencies  every competency of the imported frameworks (GET /api/competencies)
 *   readOnly      show the list only
 *   onChange      called with the new scenario.yaml text
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CompetencyOption } from '../../../../../server/contract/authoring';
import { CompetencyField } from './CompetencyField';
import { setScenarioCompetencies, weightUses } from './competencyYaml';
import { readOutline } from './rubricYaml';
import { YamlSyntaxError } from './yamlEdit';

type Props = { yamlText: string; competencies: CompetencyOption[]; readOnly?: boolean; onChange: (newYamlText: string) => void };

export function ScenarioCompetencies({ yamlText, competencies, readOnly = false, onChange }: Props) {
  const { t } = useTranslation('authoring');
  const [refusal, setRefusal] = useState<string | null>(null);
  const read = useMemo(() => {
    try {
      return { codes: readOutline(yamlText).competencies, uses: weightUses(yamlText), error: null };
    } catch (e) {
      return { codes: [], uses: [], error: e instanceof YamlSyntaxError ? e.message : (e as Error).message };
    }
  }, [yamlText]);
  const titles = new Map(competencies.map((c) => [c.code, c.title]));

  if (read.error) return <p className="field__error">{t('competencies.broken', { reason: read.error })}</p>;
  if (readOnly) {
    return (
      <div>
        <h3 className="rubric-editor__title">{t('competencies.legend')}</h3>
        <ul>
          {read.codes.map((c) => (
            <li key={c}>
              {titles.get(c) ?? c} <span className="picker__code">{c}</span>
            </li>
          ))}
        </ul>
      </div>
    );
  }
  return (
    <CompetencyField
      options={competencies}
      weights={false}
      legend={t('competencies.legend')}
      emptyHint={t('competencies.scenarioEmpty')}
      value={read.codes.map((code) => ({ code, weight: 1 }))}
      error={refusal ?? undefined}
      onChange={(next) => {
        const kept = new Set(next.map((p) => p.code));
        const stillUsed = read.uses.filter((u) => !kept.has(u.code));
        if (stillUsed.length > 0) {
          const code = stillUsed[0]!.code;
          setRefusal(
            t('competencies.stillUsed', {
              competency: titles.get(code) ?? code,
              where: stillUsed
                .filter((u) => u.code === code)
                .map((u) => u.where)
                .join(', '),
            }),
          );
          return;
        }
        setRefusal(null);
        onChange(
          setScenarioCompetencies(
            yamlText,
            next.map((p) => p.code),
          ),
        );
      }}
    />
  );
}
