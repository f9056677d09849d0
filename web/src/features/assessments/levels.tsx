import { useTranslation } from 'react-i18next';

/**
 * What a proficiency level means at a workplace, shown to the assessor beside the level's
 * name. The catalogs describe the shipped framework's levels; an organisation's own levels
 * (other ids) show their name alone.
 */
export function LevelDescriptor({ levelId }: { levelId: string }) {
  const { t, i18n } = useTranslation('assessments');
  if (!i18n.exists(`assessments:levels.${levelId}`)) return null;
  return <span className="assess-level__descriptor">{t(`levels.${levelId}`)}</span>;
}
