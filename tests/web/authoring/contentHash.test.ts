import { createHash } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashFiles as serverHash, readPackageFiles } from '../../../server/scenarios/package';
import { hashFiles, sha256 } from '../../../web/src/features/authoring/contentHash';

const ROOT = path.resolve(import.meta.dirname, '../../..');

describe('the authoring editor’s content hash', () => {
  it('is SHA-256 for every length around the block boundaries', () => {
    for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000]) {
      const bytes = new Uint8Array(n).map((_, i) => (i * 31 + 7) & 0xff);
      expect(sha256([bytes])).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
  });

  it('equals the server’s hash of a whole package, non-ASCII text included', () => {
    const { files } = readPackageFiles(path.join(ROOT, 'scenarios/freight-quote'));
    files.set('tasks/notes-zh.md', '运费报价 — 四舍五入到分');
    expect(hashFiles(files)).toBe(serverHash(files));
  });
});
