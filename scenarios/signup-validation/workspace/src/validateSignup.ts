// SlotBee sign-up: validates the form before an account is created. The same function runs in
// the app (to show errors next to the fields) and on the server (which trusts nothing else).
// Error codes are stable: the apps and the message catalogue src/messages.json depend on them.

export type Field = 'phone' | 'email' | 'password' | 'birthDate' | 'inviteCode';

export type ErrorCode =
  | 'phone.required'
  | 'phone.invalid'
  | 'email.required'
  | 'email.invalid'
  | 'password.required'
  | 'password.too_short'
  | 'password.too_weak'
  | 'birthDate.required'
  | 'birthDate.invalid'
  | 'birthDate.too_young';

/** What the form sends: any field may be missing. */
export interface SignupForm {
  phone?: string;
  email?: string;
  password?: string;
  birthDate?: string;
  inviteCode?: string;
}

/** A valid sign-up, normalised. */
export interface Signup {
  phone: string;
  email: string;
  password: string;
  birthDate: string;
  inviteCode?: string;
}

export interface FieldError {
  field: Field;
  code: ErrorCode;
}

export type SignupResult = { ok: true; value: Signup } | { ok: false; errors: FieldError[] };

export interface SignupContext {
  /** The date of the request, YYYY-MM-DD, in China Standard Time. */
  today: string;
  /** Closed beta: an invitation code is required. */
  inviteOnly?: boolean;
}

export const MIN_AGE = 16;

const fail = (field: Field, code: ErrorCode): SignupResult => ({ ok: false, errors: [{ field, code }] });

export function validateSignup(form: SignupForm, ctx: SignupContext): SignupResult {
  const phone = form.phone ?? '';
  if (phone === '') return fail('phone', 'phone.required');
  if (!/^1\d{10}$/.test(phone)) return fail('phone', 'phone.invalid');

  const email = form.email ?? '';
  if (email === '') return fail('email', 'email.required');
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) return fail('email', 'email.invalid');

  const password = form.password ?? '';
  if (password === '') return fail('password', 'password.required');
  if (password.length < 8) return fail('password', 'password.too_short');
  if (!/[0-9]/.test(password)) return fail('password', 'password.too_weak');

  const birthDate = form.birthDate ?? '';
  if (birthDate === '') return fail('birthDate', 'birthDate.required');
  const birth = new Date(birthDate);
  if (Number.isNaN(birth.getTime())) return fail('birthDate', 'birthDate.invalid');
  const age = new Date().getFullYear() - birth.getFullYear();
  if (age < MIN_AGE) return fail('birthDate', 'birthDate.too_young');

  return { ok: true, value: { phone, email, password, birthDate } };
}
