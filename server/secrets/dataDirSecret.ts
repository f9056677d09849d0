import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';

const known = new Map<string, Buffer>();

/**
 * A random secret kept in a file of the data dir, made by the first process that needs it (every
 * process sharing the data dir reads the same one). Under test a per-process one: tests share the
 * repository's data dir name and must stay out of it.
 */
export function dataDirSecret(config: Config, fileName: string, bytes = 32): Buffer {
  const key = `${config.dataDir}\u0000${fileName}`;
  const cached = known.get(key);
  if (cached) return cached;
  let secret: Buffer;
  if (config.env === 'test') secret = randomBytes(bytes);
  else {
    const file = path.join(config.dataDir, fileName);
    try {
      secret = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64url');
    } catch {
      fs.mkdirSync(config.dataDir, { recursive: true });
      secret = randomBytes(bytes);
      try {
        // 'wx': when two processes start together, the first file wins and both read it.
        fs.writeFileSync(file, secret.toString('base64url'), { flag: 'wx', mode: 0o600 });
      } catch {
        secret = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64url');
      }
    }
  }
  known.set(key, secret);
  return secret;
}
