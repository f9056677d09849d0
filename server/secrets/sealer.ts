import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Config } from '../config';
import { dataDirSecret } from './dataDirSecret';

/**
 * Secrets Practicum must be able to read back (an identity provider's client secret, a learning
 * record store's password) are stored sealed: AES-256-GCM under a key that is not in the
 * database, so a copy of the database alone (a backup, a stolen disk image, a read-only SQL
 * injection) does not give them away. Each value is bound to where it is stored (`context`, e.g.
 * `sso_configs.client_secret:<org id>`): a sealed value copied to another row does not open.
 *
 * The key: SECRETS_KEY (32 bytes, base64), or one generated once in DATA_DIR/secrets-key. Back it
 * up with the database (scripts/backup.ts does, with the data dir); without it the sealed
 * secrets must be entered again.
 */
const PREFIX = 'sealed:v1:';

export class Sealer {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new RangeError('a sealing key is 32 bytes');
  }

  seal(plain: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${PREFIX}${[iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.')}`;
  }

  /**
   * The plain secret. A value stored before sealing came in is returned as it is (and sealed on
   * its next write, or by the start-up pass); one that does not open under this key and context
   * throws: a wrong key must not pass for a wrong password.
   */
  open(stored: string, context: string): string {
    if (!Sealer.isSealed(stored)) return stored;
    const [iv, tag, body] = stored.slice(PREFIX.length).split('.').map((p) => Buffer.from(p, 'base64url'));
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv!);
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(tag!);
    return Buffer.concat([decipher.update(body!), decipher.final()]).toString('utf8');
  }

  static isSealed(stored: string): boolean {
    return stored.startsWith(PREFIX);
  }
}

export function sealerFor(config: Config): Sealer {
  return new Sealer(config.secretsKey ?? dataDirSecret(config, 'secrets-key'));
}
