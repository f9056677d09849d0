import { ANSWERS_FILE, type AnswerCheckT } from '../../scenarios/schema';
import { say, split, type Said } from '../notes';
import type { CheckOutcome, CheckRunner } from '../types';

export function readAnswers(workspace: Map<string, string>): { answers: Record<string, unknown>; error?: Said } {
  const text = workspace.get(ANSWERS_FILE);
  if (text === undefined || text.trim() === '') return { answers: {} };
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { answers: {}, error: say('grading.answer.notObject', { file: ANSWERS_FILE }) };
    return { answers: parsed as Record<string, unknown> };
  } catch {
    return { answers: {}, error: say('grading.answer.notJson', { file: ANSWERS_FILE }) };
  }
}

const normalise = (s: string) => s.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();

/** Parses "1,234.50", "12.5%", "¥ 30" the way a person would type a number. */
function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const cleaned = value.replace(/[\s,¥$€£%]/g, '');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(cleaned)) return undefined;
  return Number(cleaned);
}

const outcome = (passed: boolean, said: Said[]): CheckOutcome => ({ passed, score: passed ? 1 : 0, ...split(said), output: '', status: 'ok' });

/** Form answers: numbers with tolerance, text exact / normalised / regex, single or multiple choice. */
export const runAnswerCheck: CheckRunner<AnswerCheckT> = async (check, ctx) => {
  const { answers, error } = readAnswers(ctx.workspace);
  if (error) return outcome(false, [error]);
  const given = answers[check.id];
  if (given === undefined || given === null || given === '' || (Array.isArray(given) && given.length === 0)) {
    return outcome(false, [noAnswer(check.id, answers)]);
  }
  const { wrong, ...verdict } = judge(check, given);
  // The author's hint follows a wrong answer, not a missing or unreadable one.
  if (!wrong || !check.hint) return verdict;
  const hint = say('grading.answer.hint', { hint: check.hint });
  return { ...verdict, messages: [...verdict.messages, hint.text], notes: [...(verdict.notes ?? []), hint.note] };
};

/** "No answer given", and when answers.json has other keys, which one it needed. */
function noAnswer(id: string, answers: Record<string, unknown>): Said {
  const others = Object.keys(answers).filter((k) => k !== id);
  if (!(id in answers) && others.length > 0) {
    const shown = others.slice(0, 5).map((k) => `"${k.slice(0, 60)}"`).join(', ');
    return say('grading.answer.noneUnderKey', { file: ANSWERS_FILE, id, keys: shown, more: others.length > 5 ? 'yes' : 'no' });
  }
  return say('grading.answer.none');
}

/** `wrong`: an answer of the right form that is not right (where a hint helps). */
function judge(check: AnswerCheckT, given: unknown): CheckOutcome & { wrong: boolean } {
  const spec = check.answer;
  switch (spec.type) {
    case 'number': {
      const n = toNumber(given);
      if (n === undefined) return { ...outcome(false, [say('grading.answer.notNumber', { given: String(given).slice(0, 50) })]), wrong: false };
      const allowed = spec.relative ? Math.abs(spec.value) * spec.tolerance : spec.tolerance;
      const ok = Math.abs(n - spec.value) <= allowed + 1e-12;
      return { ...outcome(ok, ok ? [] : [say('grading.answer.numberWrong')]), wrong: !ok };
    }
    case 'text': {
      if (typeof given !== 'string') return { ...outcome(false, [say('grading.answer.mustBeText')]), wrong: false };
      const ok =
        spec.match === 'exact'
          ? given === spec.value
          : spec.match === 'normalised'
            ? normalise(given) === normalise(spec.value)
            : new RegExp(spec.value, 'iu').test(given.slice(0, 10_000));
      return { ...outcome(ok, ok ? [] : [say('grading.answer.textWrong')]), wrong: !ok };
    }
    case 'choice': {
      const picked = (Array.isArray(given) ? given : [given]).map(String);
      if (!spec.multiple && picked.length > 1) return { ...outcome(false, [say('grading.answer.pickOne')]), wrong: false };
      const correct = new Set(spec.correct);
      const ok = picked.length === correct.size && picked.every((p) => correct.has(p));
      return { ...outcome(ok, ok ? [] : [say('grading.answer.choiceWrong')]), wrong: !ok };
    }
  }
}
