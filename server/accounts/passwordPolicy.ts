import { PASSWORD_MIN } from '../contract/constants';
import { invalidField } from '../http/validate';
import { msg, type Msg } from '../messages';
import { COMMON_PASSWORDS } from './commonPasswords';

/**
 * What a password must be (OWASP ASVS 5.0 V6.2): long enough, not too long to hash, not one
 * of the most common passwords and not the person's own e-mail or name. Deliberately no
 * composition rules (no "one digit, one capital"): they make passwords worse, not stronger.
 * Every place that sets a password (an admin creating a user, a change, a reset) asks here.
 */

export { PASSWORD_MIN };
/** Room for passphrases and password managers (ASVS asks for at least 64); argon2 hashes 1 KiB quickly. */
export const PASSWORD_MAX = 1024;

/** Parts of a name or address shorter than this are too ordinary to refuse ("li", "wu"). */
const PERSONAL_MIN = 4;

export type PasswordOwner = { email: string; name?: string };

/** The reason a password cannot be used, or null when it can. */
export function passwordProblem(password: string, owner: PasswordOwner): Msg | null {
  // Counted in code points, as people count characters (a Chinese character is one).
  const length = [...password].length;
  if (length < PASSWORD_MIN) return msg('field.tooShort', { minimum: PASSWORD_MIN });
  if (length > PASSWORD_MAX) return msg('field.tooLong', { maximum: PASSWORD_MAX });
  const lower = password.normalize('NFKC').toLowerCase();
  // One or two characters repeated ("aaaaaaaaaa", "ababababab") are guessed first.
  if (new Set(lower).size <= 2 || COMMON_PASSWORDS.has(lower) || COMMON_PASSWORDS.has(lower.trim())) return msg('field.passwordCommon');
  if (personalParts(owner).some((part) => lower.includes(part))) return msg('field.passwordPersonal');
  return null;
}

/** Throws the 400 naming `field` when the password cannot be used. */
export function assertPasswordAllowed(field: string, password: string, owner: PasswordOwner): void {
  const problem = passwordProblem(password, owner);
  if (problem) throw invalidField(field, problem);
}

/** The e-mail, its local part and the name (whole, and without spaces), lower-cased. */
function personalParts(owner: PasswordOwner): string[] {
  const email = owner.email.toLowerCase();
  const local = email.split('@')[0] ?? '';
  const name = (owner.name ?? '').normalize('NFKC').toLowerCase().trim();
  const parts = [email, local, name, name.replace(/\s+/g, '')];
  return [...new Set(parts)].filter((p) => [...p].length >= PERSONAL_MIN);
}
