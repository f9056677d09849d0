import fs from 'node:fs';
import path from 'node:path';

export const SCENARIOS_DIR = path.resolve(import.meta.dirname, '../../scenarios');

/** Package folders under `root`: every folder that holds a scenario.yaml. */
export function listPackageDirs(root = SCENARIOS_DIR): string[] {
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(root, e.name, 'scenario.yaml')))
    .map((e) => path.join(root, e.name))
    .sort();
}
