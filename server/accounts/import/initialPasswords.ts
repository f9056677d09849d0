import { randomInt } from 'node:crypto';
import { hash } from '@node-rs/argon2';

/**
 * Initial passwords for imported accounts: printed on a slip, typed once, then replaced (the
 * account must choose its own at the first sign-in).
 *
 * Readable: lower-case letters and digits without the ones people confuse on paper (0/o, 1/l/i),
 * in groups of four — "k7mp-q2xz-h9ta". 12 symbols from 31 carry 59 bits of entropy.
 *
 * Hashed with argon2id at a lighter cost than chosen passwords (hashPassword: 19 MiB, 2 passes).
 * Why: the slow hash protects guessable, human-chosen passwords; a 59-bit random secret is out
 * of reach of any offline guessing at any argon2 cost (2^58 guesses on average), and it lives
 * only until the first sign-in. At the full cost 2,000 new accounts took about 20 s on the
 * 2-core reference machine, even spread over libuv's threads; at this cost, about 2 s
 * (README, "Bulk accounts"). verify() reads the parameters from the hash, so sign-in is the same.
 */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const GROUPS = 3;
const GROUP_LENGTH = 4;
const INITIAL_OPTIONS = { algorithm: 2 /* Algorithm.Argon2id (a const enum) */, memoryCost: 4096, timeCost: 1, parallelism: 1 };
/** Hashes in flight at once: libuv runs four by default; more only queues, and keeps memory bounded. */
const CONCURRENCY = 4;

export function initialPassword(): string {
  const group = () => Array.from({ length: GROUP_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return Array.from({ length: GROUPS }, group).join('-');
}

export function hashInitialPassword(password: string): Promise<string> {
  return hash(password, INITIAL_OPTIONS);
}

/** Hashes every password, at most CONCURRENCY at a time; the results in the same order. */
export async function hashAll(passwords: string[]): Promise<string[]> {
  const out = new Array<string>(passwords.length);
  let next = 0;
  const worker = async () => {
    while (next < passwords.length) {
      const i = next++;
      out[i] = await hashInitialPassword(passwords[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, passwords.length) }, worker));
  return out;
}
