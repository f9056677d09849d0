import { z } from 'zod';
import { IdParams } from '../contract/accounts';
import { AdjustmentBody, FrameworkImportQuery, FrameworkLevelsBody, MasterySettingsBody, ModuleBody, PracticeBody, PracticeParams, ReportCsvQuery, StudentRecordParams } from '../contract/competency';
import {
  AdjustmentEnvelope,
  CasePackageView,
  CourseReportView,
  FrameworkImported,
  FrameworkList,
  LevelsView,
  MasteryJobEnvelope,
  ModuleEnvelope,
  ModuleList,
  PracticeAssigned,
  RecordCourseList,
  StudentRecordView,
} from '../contract/competencyViews';
import { assertTeacherOf } from '../courses/policy';
import { errors } from '../http/errors';
import { msg, render } from '../messages';
import { issueOf } from '../http/validate';
import { isUniqueViolation } from '../attempts/repo';
import { access } from '../http/policy';
import { route, type AnyRoute } from '../http/routes';
import type { AppDeps } from '../deps';
import { exportCase, importCase } from './case';
import * as frameworks from './frameworkAccess';
import * as curriculum from './curriculum';
import { recordCourses, studentRecord } from './record';
import { courseReport, reportCsv } from './report';
import { currentLocale, inLocale } from '../http/locale';

// A CASE package is an open JSON object; parseCaseFramework is the validator that names items.
const CaseBody = z.record(z.string(), z.unknown());
/**
 * A CASE framework package runs to megabytes; every other body stays under 100 KB. A national
 * framework is about 10 MB (#19: 4,000 items) as compact JSON, and exporters often indent it:
 * 12 MiB takes that with room, and the import checks it in slices (bench:case).
 */
const CASE_JSON_LIMIT = '12mb';

export function competencyRoutes(deps: AppDeps): AnyRoute[] {
  const { db } = deps;
  return [
    route({
      method: 'get',
      path: '/api/frameworks',
      access: access.authenticated,
      summary: 'Imported competency frameworks (shared ones and organisations’ own: frameworks are open to read)',
      response: FrameworkList,
      handler: async ({ actor }) => ({ frameworks: await frameworks.listFrameworks(db, actor!) }),
    }),
    route({
      method: 'post',
      path: '/api/frameworks',
      access: access.roles('admin', 'operator'),
      tokenScopes: ['frameworks:write'],
      summary:
        'Import (or update in place) a framework from a 1EdTech CASE 1.0 package, all or nothing: a shared one (operators) or one of the caller’s organisation; `removed` lists the items a re-import dropped, with the evidence and modules that referred to them',
      query: FrameworkImportQuery,
      body: CaseBody,
      bodyLimit: CASE_JSON_LIMIT,
      status: 201,
      response: FrameworkImported,
      handler: async ({ actor, query, body }) => {
        const owner = frameworks.importOwner(actor!, query.orgId);
        const { framework, removed, problems } = await importCase(db, body, deps.clock(), owner, actor!).catch((err) => {
          if (isUniqueViolation(err)) throw errors.conflict(msg('competency.importBusy'));
          throw err;
        });
        // "Invalid CASE package: CFItems[3] …: is required": the client reads the reason from the first detail.
        if (!framework) {
          throw errors.validation(
            msg('http.invalidField', { field: 'CASE package', reason: render(problems[0]!) }),
            problems.map((problem) => issueOf('body', problem)),
          );
        }
        // A re-import says which items the new version dropped and what referred to them.
        return { framework, removed };
      },
    }),
    route({
      method: 'get',
      path: '/api/frameworks/:id/case',
      access: access.authenticated,
      summary: 'Export a framework as a 1EdTech CASE package',
      params: IdParams,
      response: CasePackageView,
      handler: async ({ params, res }) => {
        const pkg = await exportCase(db, params.id);
        if (!pkg) throw errors.notFound(msg('notFound.framework'));
        res.setHeader('Content-Disposition', `attachment; filename="framework-${params.id}.case.json"`);
        return pkg;
      },
    }),
    route({
      method: 'put',
      path: '/api/frameworks/:id/levels',
      access: access.roles('admin', 'operator'),
      tokenScopes: ['frameworks:write'],
      summary: 'Set a framework’s proficiency levels (ascending from 0, one of them "proficient"): operators for shared frameworks, an organisation’s admins for its own',
      params: IdParams,
      body: FrameworkLevelsBody,
      response: LevelsView,
      handler: async ({ actor, params, body }) => {
        await frameworks.assertManages(db, actor!, params.id);
        await db('frameworks').where({ id: params.id }).update({ levels_json: JSON.stringify(body.levels), updated_at: deps.clock() });
        return { levels: body.levels };
      },
    }),
    route({
      method: 'put',
      path: '/api/courses/:id/mastery',
      access: access.roles('teacher'),
      summary:
        'Choose how the course calculates mastery: 202 with the recompute job; the old method and values stand until it is done (progress: mastery.join, mastery.progress); a later change supersedes it',
      params: IdParams,
      body: MasterySettingsBody,
      status: 202,
      response: MasteryJobEnvelope,
      handler: async ({ actor, params, body }) => ({ job: await curriculum.setMasteryMethod(deps, actor!, params.id, body) }),
    }),
    route({
      method: 'get',
      path: '/api/courses/:id/modules',
      access: access.roles('teacher'),
      summary: 'The course’s modules with the competencies each teaches',
      params: IdParams,
      response: ModuleList,
      handler: async ({ actor, params }) => {
        await assertTeacherOf(db, actor!, params.id);
        return { modules: await curriculum.listModules(db, params.id) };
      },
    }),
    route({
      method: 'post',
      path: '/api/courses/:id/modules',
      access: access.roles('teacher'),
      summary: 'Add a module',
      params: IdParams,
      body: ModuleBody,
      status: 201,
      response: ModuleEnvelope,
      handler: async ({ actor, params, body }) => ({ module: await curriculum.createModule(db, actor!, params.id, body, deps.clock()) }),
    }),
    route({
      method: 'put',
      path: '/api/course-modules/:id',
      access: access.roles('teacher'),
      summary: 'Change a module (title, description, competencies, place)',
      params: IdParams,
      body: ModuleBody,
      response: ModuleEnvelope,
      handler: async ({ actor, params, body }) => ({ module: await curriculum.updateModule(db, actor!, params.id, body) }),
    }),
    route({
      method: 'delete',
      path: '/api/course-modules/:id',
      access: access.roles('teacher'),
      summary: 'Remove a module (and its adjustment log)',
      params: IdParams,
      status: 204,
      handler: ({ actor, params }) => curriculum.deleteModule(db, actor!, params.id),
    }),
    route({
      method: 'post',
      path: '/api/courses/:id/adjustments',
      access: access.roles('teacher'),
      summary: 'Log a change to a module: when, what, why',
      params: IdParams,
      body: AdjustmentBody,
      status: 201,
      response: AdjustmentEnvelope,
      handler: async ({ actor, params, body }) => {
        const id = await curriculum.recordAdjustment(db, actor!, params.id, body, deps.clock());
        const report = await courseReport(db, actor!, params.id);
        return { adjustment: report.adjustments.find((a) => a.id === id)! };
      },
    }),
    route({
      method: 'get',
      path: '/api/courses/:id/report',
      access: access.roles('teacher'),
      tokenScopes: ['reports:read'],
      summary: 'The course report: heatmap, distributions, gaps → modules, practice, adjustments',
      params: IdParams,
      response: CourseReportView,
      handler: ({ actor, params }) => courseReport(db, actor!, params.id),
    }),
    route({
      method: 'get',
      path: '/api/courses/:id/report.csv',
      access: access.roles('teacher'),
      tokenScopes: ['reports:read'],
      summary: 'The heatmap or the gaps as CSV',
      params: IdParams,
      query: ReportCsvQuery,
      produces: 'text/csv',
      handler: async ({ actor, params, query, res }) => {
        const locale = query.lang ?? currentLocale();
        // Scenario titles in the file's language too, not only its headers.
        const csv = reportCsv(await inLocale(locale, () => courseReport(db, actor!, params.id)), query.part, locale);
        res.setHeader('Content-Type', 'text/csv; charset=utf-8');
        res.setHeader('Content-Disposition', `attachment; filename="course-report-${query.part}.csv"`);
        res.setHeader('Content-Language', locale);
        res.vary('Accept-Language');
        // The BOM makes Excel read the file as UTF-8, so Chinese names and headers survive.
        res.status(200).send(`\uFEFF${csv}`);
      },
    }),
    route({
      method: 'post',
      path: '/api/courses/:id/practice',
      access: access.roles('teacher'),
      summary: 'Assign a scenario as practice to named students only',
      params: IdParams,
      body: PracticeBody,
      status: 201,
      response: PracticeAssigned,
      handler: async ({ actor, params, body }) => ({ assignment: await curriculum.assignPractice(db, actor!, params.id, body, deps.clock()) }),
    }),
    route({
      method: 'delete',
      path: '/api/courses/:id/practice/:assignmentId',
      access: access.roles('teacher'),
      summary: 'Withdraw a targeted practice assignment nobody has started (409 once someone has: their work and evidence stay)',
      params: PracticeParams,
      status: 204,
      handler: ({ actor, params }) => curriculum.withdrawPractice(db, actor!, params.id, params.assignmentId),
    }),
    route({
      method: 'get',
      path: '/api/courses/:id/students/:studentId/record',
      access: access.roles('student', 'teacher'),
      tokenScopes: ['evidence:read'],
      summary: 'A student’s competency record in a course (the student, or their teacher)',
      params: StudentRecordParams,
      response: StudentRecordView,
      handler: ({ actor, params }) => studentRecord(db, actor!, params.id, params.studentId),
    }),
    route({
      method: 'get',
      path: '/api/competency-courses',
      access: access.roles('student'),
      summary: 'The courses whose competency record the student can read',
      response: RecordCourseList,
      handler: async ({ actor }) => ({ courses: await recordCourses(db, actor!) }),
    }),
  ];
}
