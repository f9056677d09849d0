import { IdParams } from '../contract/accounts';
import { CreateAssignmentBody, CreateCourseBody, EnrolBody } from '../contract/workspace';
import { ScenarioVersionsQuery } from '../contract/partnerships';
import { AssignmentCreated, CourseCreated, CourseDetail, CourseList, EnrolReport, PublishedVersionList, type CourseDetailT, type EnrolReportT, type PublishedVersionT } from '../contract/courses';
import { access } from '../http/policy';
import { route, type AnyRoute } from '../http/routes';
import type { AppDeps } from '../deps';
import * as courses from './service';

export function courseRoutes(deps: AppDeps): AnyRoute[] {
  return [
    route({
      method: 'get',
      path: '/api/courses',
      access: access.roles('teacher', 'student'),
      summary: 'Courses the caller teaches or is enrolled in',
      response: CourseList,
      handler: async ({ actor }) => ({ courses: await courses.listCourses(deps.db, actor!) }),
    }),
    route({
      method: 'post',
      path: '/api/courses',
      access: access.roles('teacher'),
      summary: 'Create a course at the teacher’s school',
      body: CreateCourseBody,
      status: 201,
      response: CourseCreated,
      handler: async ({ actor, body }) => ({ course: await courses.createCourse(deps.db, actor!, body, deps.clock()) }),
    }),
    route({
      method: 'get',
      path: '/api/courses/:id',
      access: access.roles('teacher'),
      tokenScopes: ['enrolments:write'],
      summary: 'A course the teacher teaches: students, students who could join, assignments',
      params: IdParams,
      response: CourseDetail,
      handler: ({ actor, params }): Promise<CourseDetailT> => courses.courseDetail(deps.db, actor!, params.id),
    }),
    route({
      method: 'post',
      path: '/api/courses/:id/enrolments',
      access: access.roles('teacher'),
      tokenScopes: ['enrolments:write'],
      summary: 'Enrol students by id or pasted e-mails / CSV (bad lines reported, good ones kept)',
      params: IdParams,
      body: EnrolBody,
      response: EnrolReport,
      handler: ({ actor, params, body }): Promise<EnrolReportT> => courses.enrol(deps.db, actor!, params.id, body, deps.clock()),
    }),
    route({
      method: 'post',
      path: '/api/courses/:id/assignments',
      access: access.roles('teacher'),
      summary: 'Assign a published scenario version to the course',
      params: IdParams,
      body: CreateAssignmentBody,
      status: 201,
      response: AssignmentCreated,
      handler: async ({ actor, params, body }) => ({ assignment: await courses.createAssignment(deps.db, actor!, params.id, body, deps.clock()) }),
    }),
    route({
      method: 'get',
      path: '/api/scenario-versions',
      access: access.roles('teacher', 'author', 'reviewer', 'admin'),
      summary: 'Published scenario versions (metadata only: no files, checks or solutions), with whether the caller may assign each',
      query: ScenarioVersionsQuery,
      response: PublishedVersionList,
      handler: async ({ actor, query }): Promise<{ versions: PublishedVersionT[] }> => ({ versions: await courses.listPublishedVersions(deps.db, actor!, query.courseId) }),
    }),
  ];
}
