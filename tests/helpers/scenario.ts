import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { hashFiles, type ScenarioPackage } from '../../server/scenarios/package';
import { ScenarioManifest } from '../../server/scenarios/schema';

/** A small valid manifest; tests override what they exercise. */
export function manifestFor(id: string, tasks: unknown[], extra: Record<string, unknown> = {}) {
  return {
    id,
    version: '1.0.0',
    title: `Test scenario ${id}`,
    enterprise: 'Test Works (fictional)',
    industry: 'software',
    role: 'Junior technician',
    durationMinutes: 30,
    competencies: ['js.debugging', 'sql.query', 'data.analysis', 'communication.technical'],
    tasks,
    scoring: { autoWeight: 1, reviewWeight: 0, passAt: 0.5 },
    ...extra,
  };
}

/** An in-memory package (no validation of referenced files: that is loadPackage's job). */
export function buildPackage(manifest: unknown, files: Record<string, string>): ScenarioPackage {
  const parsed = ScenarioManifest.parse(manifest);
  const map = new Map(Object.entries({ 'scenario.yaml': stringify(manifest), ...files }));
  return { slug: parsed.id, manifest: parsed, files: map, contentHash: hashFiles(map) };
}

/** Writes a package folder to a temp dir; returns its path (the folder is named after `id`). */
export function writePackageDir(id: string, manifest: unknown, files: Record<string, string>, root?: string): string {
  const base = root ?? fs.mkdtempSync(path.join(os.tmpdir(), 'practicum-pkg-'));
  const dir = path.join(base, id);
  const all = { 'scenario.yaml': typeof manifest === 'string' ? manifest : stringify(manifest), ...files };
  for (const [rel, content] of Object.entries(all)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}
