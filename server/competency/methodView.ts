import type { MethodView } from '../contract/competency';
import { methodOf, weightsOf, type CourseMasterySettings } from './evidence';
import { describeMethod, describeWeights } from './mastery';

/** A course's mastery method and source weights as the teacher reads them (curriculum, report, record, recompute jobs). */
export function methodView(course: CourseMasterySettings): MethodView {
  return {
    kind: course.mastery_method as MethodView['kind'],
    weight: Number(course.mastery_weight),
    n: Number(course.mastery_n),
    threshold: Number(course.mastery_threshold),
    description: describeMethod(methodOf(course)),
    sources: { ...weightsOf(course), description: describeWeights(weightsOf(course)) },
  };
}
