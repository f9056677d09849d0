import fs from 'node:fs';
import sqlite3 from 'sqlite3';
import { describe, expect, it } from 'vitest';
import { loadFrameworkFile } from '../../server/competency/framework';
import { datasetsOf } from '../../server/grading/tools';
import { loadPackage } from '../../server/scenarios/package';
import { buildSchedule, type Method } from '../../scenarios/loan-schedule/solution/src/schedule';
import { buildSchedule as starterSchedule } from '../../scenarios/loan-schedule/workspace/src/schedule';
import { aprPercent } from '../../scenarios/loan-schedule/solution/src/apr';

/**
 * The loan-schedule package promises students that the booked instalments in its data are the
 * correct schedules to compare their code with, and its answers come from the same data: these
 * tests keep the fixtures, the reference solution and the answers from drifting apart.
 */
const DIR = 'scenarios/loan-schedule';
const read = (file: string) => fs.readFileSync(`${DIR}/${file}`, 'utf8');

type Row = Record<string, string | number>;
async function query(fixtures: string[], sql: string): Promise<Row[]> {
  const db = new sqlite3.Database(':memory:');
  try {
    await new Promise<void>((resolve, reject) => db.exec(fixtures.map(read).join('\n'), (err) => (err ? reject(err) : resolve())));
    return await new Promise<Row[]>((resolve, reject) => db.all(sql, (err, rows: Row[]) => (err ? reject(err) : resolve(rows))));
  } finally {
    db.close();
  }
}

const ALL = ['fixtures/loans.sql', 'fixtures/loans-extra.sql'];

describe('loan-schedule', () => {
  it('books exactly the schedules the reference solution computes, for every loan of both fixtures', async () => {
    const loans = await query(ALL, 'SELECT loan_id, principal_fen, annual_rate, months, method FROM loans ORDER BY loan_id');
    const booked = await query(ALL, 'SELECT loan_id, period, principal_fen, interest_fen, amount_fen FROM instalments ORDER BY loan_id, period');
    expect(loans.length).toBeGreaterThan(15);
    for (const loan of loans) {
      const s = buildSchedule({ principal: Number(loan.principal_fen) / 100, annualRatePercent: Number(loan.annual_rate), months: Number(loan.months), method: loan.method as Method });
      const computed = s.lines.map((l) => [l.period, Math.round(l.principal * 100), Math.round(l.interest * 100), Math.round(l.payment * 100)]);
      const rows = booked.filter((b) => b.loan_id === loan.loan_id).map((b) => [b.period, b.principal_fen, b.interest_fen, b.amount_fen]);
      expect(rows, String(loan.loan_id)).toEqual(computed);
    }
  });

  it('the loan the task names as the example is one the starter gets wrong', async () => {
    const [row] = await query(['fixtures/loans.sql'], "SELECT amount_fen FROM instalments WHERE loan_id = 'YX-2410-0311' AND period = 1");
    expect(row!.amount_fen).toBe(103943);
    const starter = starterSchedule({ principal: 12000, annualRatePercent: 7.2, months: 12, method: 'equal-instalment' });
    expect(Math.round(starter.lines[0]!.payment * 100)).toBe(103888);
  });

  it('the answers agree with the reference query on the visible data and with the reference code', async () => {
    const answers = JSON.parse(read('solution/answers.json'));
    const report = await query(['fixtures/loans.sql'], read('solution/queries/overdue-loans.sql'));
    const complaint = report.find((r) => r.loan_id === 'YX-2410-0152')!;
    expect([complaint.overdue_amount, complaint.days_past_due]).toEqual([answers['complaint-overdue-amount'], answers['complaint-days-past-due']]);
    const terms = { principal: 36000, annualRatePercent: 9.6, months: 24 };
    const instalment = buildSchedule({ ...terms, method: 'equal-instalment' }).totalInterest;
    const principal = buildSchedule({ ...terms, method: 'equal-principal' }).totalInterest;
    expect([instalment, principal]).toEqual([answers['interest-equal-instalment'], answers['interest-equal-principal']]);
    expect(answers['cheaper-method']).toBe(principal < instalment ? 'equal-principal' : 'equal-instalment');
    expect(aprPercent(12000, Array.from({ length: 12 }, () => 1060))).toBe(answers['spring-offer-apr']);
  });

  it('shows the visible fixture in the data explorer, never the migrated branch the hidden check adds', () => {
    const { pkg } = loadPackage(DIR, loadFrameworkFile());
    expect(datasetsOf(pkg!.manifest).map((d) => d.fixture)).toEqual([['fixtures/loans.sql']]);
    const hidden = pkg!.manifest.tasks.flatMap((t) => t.checks).filter((c) => c.kind === 'sql' && !c.visible);
    expect(hidden.map((c) => (c.kind === 'sql' ? c.fixture : []))).toEqual([ALL]);
    for (const [file, text] of pkg!.files) if (file.endsWith('.md')) expect(text, file).not.toMatch(/sqlite3|terminal/i);
  });
});
