/**
 * The order-api-cutover package grades configuration files with `file` checks. Mutation testing
 * plants only numeric mistakes in such files (and drops lines ending in `;`, which a crontab or
 * a Deployment has none of), so its strength says nothing about the mistakes people really make
 * in a crontab or a manifest. These cases do: each is a half-right configuration a student
 * could hand in, and the named check must fail on it; the right alternatives must still pass.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFrameworkFile } from '../../server/competency/framework';
import { gradeWorkspace } from '../../server/grading/engine';
import { SandboxPool } from '../../server/grading/sandbox/pool';
import { loadPackage, subtree } from '../../server/scenarios/package';
import { solutionWorkspace } from '../../server/scenarios/validate';

const pkg = loadPackage('scenarios/order-api-cutover', loadFrameworkFile()).pkg!;
const CRON = 'cron/backup.crontab';
const K8S = 'k8s/order-api.yaml';
const DUMP_LINE =
  '0 18 * * 0-5 flock -n /run/lock/jl-backup-orders.lock timeout 55m /opt/jl-backup/bin/pg-dump-orders.sh > /var/log/jl-backup/orders-$(date +\\%F).log 2>&1';
const SECRET_ENTRY = '            - name: DB_PASSWORD\n              valueFrom:\n                secretKeyRef:\n                  name: order-api-db\n                  key: password\n';
const FIND_LINE = "15 20 * * * find /var/backups/orders -maxdepth 1 -type f -name 'orders_*.dump.gz' -mtime +13 -delete";

let pool: SandboxPool;
beforeAll(() => {
  pool = new SandboxPool({ size: 1 });
});
afterAll(() => pool.close());

/** The reference solution with one file's text replaced: `from` must occur in it. */
function variant(file: string, from: string, to: string): Map<string, string> {
  const workspace = solutionWorkspace(pkg);
  const text = workspace.get(file)!;
  expect(text).toContain(from);
  workspace.set(file, text.replace(from, to));
  return workspace;
}

async function failing(workspace: Map<string, string>): Promise<string[]> {
  const report = await gradeWorkspace(pkg, workspace, pool);
  return report.checks.filter((c) => !c.passed).map((c) => c.id);
}

describe('order-api-cutover', () => {
  it('scores the reference solution 100 % and the starter below the pass mark', async () => {
    expect(await failing(solutionWorkspace(pkg))).toEqual([]);
    const starter = await gradeWorkspace(pkg, subtree(pkg.files, 'workspace'), pool);
    expect(starter.autoScore).toBeLessThan(pkg.manifest.scoring.passAt);
  });

  it.each([
    ['Beijing days in UTC (Monday to Saturday)', DUMP_LINE, DUMP_LINE.replace('0-5', '1-6'), 'dump-line-visible'],
    ['Beijing hour on the UTC server', DUMP_LINE, DUMP_LINE.replace('0 18', '0 2'), 'dump-line-visible'],
    ['CRON_TZ instead of UTC times', DUMP_LINE, `CRON_TZ=Asia/Shanghai\n${DUMP_LINE.replace('0 18 * * 0-5', '0 2 * * 1-6')}`, 'dump-line-visible'],
    ['the percent sign left unescaped', '+\\%F', '+%F', 'dump-line-visible'],
    ['errors not in the log', ' 2>&1', '', 'dump-line-visible'],
    ['the right line commented out, a wrong one active', DUMP_LINE, `# ${DUMP_LINE}\n${DUMP_LINE.replace('0-5', '*')}`, 'dump-line-visible'],
    ['a user field, as in /etc/crontab', DUMP_LINE, DUMP_LINE.replace('0-5 flock', '0-5 backup flock'), 'dump-line-visible'],
    ['a second dump line', DUMP_LINE, `${DUMP_LINE}\n${DUMP_LINE}`, 'dump-line-visible'],
    ['-delete before the tests', FIND_LINE, "15 20 * * * find /var/backups/orders -maxdepth 1 -delete -type f -name 'orders_*.dump.gz' -mtime +13", 'cleanup'],
    ['15 days kept', '-mtime +13', '-mtime +14', 'cleanup'],
    ['exactly 14 days old only', '-mtime +13', '-mtime 14', 'cleanup'],
    ['into archive/', '-maxdepth 1 ', '', 'cleanup'],
    ['an unquoted name pattern', "'orders_*.dump.gz'", 'orders_*.dump.gz', 'cleanup'],
    ['every file, not only the dumps', " -name 'orders_*.dump.gz'", '', 'cleanup'],
    ['the cleanup moved', FIND_LINE, FIND_LINE.replace('15 20', '30 18'), 'cleanup'],
    ['still 02:30 after He Yun’s message', DUMP_LINE, DUMP_LINE.replace('0 18', '30 18'), 'window-visible'],
    ['no lock', 'flock -n /run/lock/jl-backup-orders.lock ', '', 'window-visible'],
    ['a blocking lock', 'flock -n /run', 'flock /run', 'window-visible'],
    ['timeout outside flock', 'flock -n /run/lock/jl-backup-orders.lock timeout 55m', 'timeout 55m flock -n /run/lock/jl-backup-orders.lock', 'window-timeout'],
    ['timeout until the batch starts', 'timeout 55m', 'timeout 60m', 'window-timeout'],
    ['two timeouts', 'timeout 55m', 'timeout 55m timeout 60m', 'window-timeout'],
  ])('the crontab check fails on %s', async (_name, from, to, check) => {
    expect(await failing(variant(CRON, from, to))).toContain(check);
  });

  it.each([
    ['latest', 'order-api:2.14.3', 'order-api:latest', 'deployment-visible'],
    ['the release candidate', 'order-api:2.14.3', 'order-api:2.15.0-rc.2', 'deployment-visible'],
    ['the readiness probe on the API port', 'path: /actuator/health/readiness\n              port: 8081', 'path: /actuator/health/readiness\n              port: 8080', 'deployment-visible'],
    ['the readiness probe on the summary endpoint', '/actuator/health/readiness', '/actuator/health', 'deployment-visible'],
    ['no spare replica', 'replicas: 4', 'replicas: 3', 'deployment-visible'],
    ['a CPU limit kept', 'limits:\n              memory: 1Gi', 'limits:\n              cpu: 500m\n              memory: 1Gi', 'resources'],
    ['the memory limit in MiB', 'limits:\n              memory: 1Gi', 'limits:\n              memory: 512Mi', 'resources'],
    ['percentages', 'maxUnavailable: 1', 'maxUnavailable: 25%', 'rollout'],
    ['two pods down during a rollout', 'maxUnavailable: 1', 'maxUnavailable: 2', 'rollout'],
    ['the liveness probe moved', 'initialDelaySeconds: 60', 'initialDelaySeconds: 20', 'kept'],
    ['the password left in a comment', '            - name: DB_PASSWORD\n', '            # was Jl#0rders-2026!\n            - name: DB_PASSWORD\n', 'secret-visible'],
    ['the whole Secret as environment', SECRET_ENTRY, '', 'secret-visible', ['          env:\n', '          envFrom:\n            - secretRef:\n                name: order-api-db\n          env:\n']],
    ['root allowed', 'runAsNonRoot: true', 'runAsNonRoot: false', 'hardening'],
  ])('the Deployment check fails on %s', async (_name, from, to, check, also?: string[]) => {
    const workspace = variant(K8S, from, to);
    if (also) workspace.set(K8S, workspace.get(K8S)!.replace(also[0]!, also[1]!));
    expect(await failing(workspace)).toContain(check);
  });

  it('takes the stop time by the server’s clock, not Beijing’s', async () => {
    expect(await failing(variant('answers.json', '"18:55"', '"02:55"'))).toEqual(['dump-stop-utc']);
  });

  it.each([
    ['days as a list', CRON, '0-5', '0,1,2,3,4,5'],
    ['bash’s &> redirection', CRON, '> /var/log/jl-backup/orders-$(date +\\%F).log 2>&1', '&> /var/log/jl-backup/orders-$(date +\\%F).log'],
    ['the date spelled out', CRON, '+\\%F', '+\\%Y-\\%m-\\%d'],
    ['timeout in seconds', CRON, 'timeout 55m', 'timeout 3300s'],
    ['a double-quoted name pattern', CRON, "'orders_*.dump.gz'", '"orders_*.dump.gz"'],
    ['the stop time with its zone', 'answers.json', '"18:55"', '"18:55 UTC"'],
    ['the probe on the named port', K8S, 'path: /actuator/health/readiness\n              port: 8081', 'path: /actuator/health/readiness\n              port: management'],
  ])('accepts %s', async (_name, file, from, to) => {
    expect(await failing(variant(file, from, to))).toEqual([]);
  });
});
