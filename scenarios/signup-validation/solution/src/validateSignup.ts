// SlotBee sign-up: validates the form before an account is created. The same function runs in
// the app (to show errors next to the fields) and on the server (which trusts nothing else).
// Rules: docs "Sign-up rules v2", see the task. Error codes are stable: the apps and the
// message catalogue src/messages.json depend on them.

export type Field = 'phone' | 'email' | 'password' | 'birthDate' | 'inviteCode';

export type ErrorCode =
  | 'phone.required'
  | 'phone.invalid'
  | 'email.required'
  | 'email.invalid'
  | 'password.required'
  | 'password.too_short'
  | 'password.too_long'
  | 'password.too_weak'
  | 'password.contains_phone'
  | 'birthDate.required'
  | 'birthDate.invalid'
  | 'birthDate.in_future'
  | 'birthDate.too_young'
  | 'inviteCode.required'
  | 'inviteCode.invalid';

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
  /** The date of the request, YYYY-MM-DD, in China Standard Time. Never read the clock here. */
  today: string;
  /** Closed beta: an invitation code is required. */
  inviteOnly?: boolean;
}

export const MIN_AGE = 16;
const PASSWORD_MIN = 8;
const PASSWORD_MAX = 64;
const EMAIL_MAX = 254;
const EMAIL_LOCAL_MAX = 64;
const DOMAIN_LABEL_MAX = 63;
const EARLIEST_YEAR = 1900;

/** 11 digits, or null. Spaces and hyphens are removed, then a +86 or 0086 prefix. */
export function normalisePhone(text: string): string | null {
  let digits = text.replace(/[\s-]/g, '');
  if (digits.startsWith('+86')) digits = digits.slice(3);
  else if (digits.startsWith('0086')) digits = digits.slice(4);
  return /^1[3-9][0-9]{9}$/.test(digits) ? digits : null;
}

/** The address in lower case, or null. */
export function normaliseEmail(text: string): string | null {
  const email = text.toLowerCase();
  const parts = email.split('@');
  if (parts.length !== 2 || email.length > EMAIL_MAX) return null;
  const [local = '', domain = ''] = parts;
  const labels = domain.split('.');
  const topLevel = labels[labels.length - 1] ?? '';
  const valid =
    local.length <= EMAIL_LOCAL_MAX &&
    /^[a-z0-9_%+-]+(\.[a-z0-9_%+-]+)*$/.test(local) &&
    labels.length >= 2 &&
    labels.every((label) => label.length <= DOMAIN_LABEL_MAX && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(label)) &&
    /^[a-z]{2,}$/.test(topLevel);
  return valid ? email : null;
}

function passwordError(password: string, phone: string | null): ErrorCode | null {
  // Code points, not UTF-16 units: an emoji is one character to the user.
  const length = [...password].length;
  if (length < PASSWORD_MIN) return 'password.too_short';
  if (length > PASSWORD_MAX) return 'password.too_long';
  if (!/[A-Za-z]/.test(password) || !/[0-9]/.test(password)) return 'password.too_weak';
  if (phone !== null && password.includes(phone)) return 'password.contains_phone';
  return null;
}

type CalendarDate = { year: number; month: number; day: number };

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** A real calendar date written YYYY-MM-DD from 1900 on, or null. */
export function parseDate(text: string): CalendarDate | null {
  const match = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(text);
  if (match === null) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < EARLIEST_YEAR || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

/** Full years: the birthday of this year counts from the day itself. */
export function ageOn(birth: CalendarDate, today: CalendarDate): number {
  const beforeBirthday = today.month < birth.month || (today.month === birth.month && today.day < birth.day);
  return today.year - birth.year - (beforeBirthday ? 1 : 0);
}

function birthDateError(text: string, today: string): ErrorCode | null {
  const birth = parseDate(text);
  if (birth === null) return 'birthDate.invalid';
  // YYYY-MM-DD strings sort like the dates they stand for.
  if (text > today) return 'birthDate.in_future';
  return ageOn(birth, parseDate(today)!) < MIN_AGE ? 'birthDate.too_young' : null;
}

/** Invitation codes: SB- and six characters; the sixth is a check character. */
export const INVITE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function isValidInviteCode(code: string): boolean {
  const match = /^SB-([A-HJ-NP-Z2-9]{6})$/.exec(code);
  if (match === null) return false;
  const chars = [...match[1]!];
  let sum = 0;
  for (let i = 0; i < 5; i++) sum += (i + 1) * INVITE_ALPHABET.indexOf(chars[i]!);
  return INVITE_ALPHABET[sum % INVITE_ALPHABET.length] === chars[5];
}

export function validateSignup(form: SignupForm, ctx: SignupContext): SignupResult {
  const errors: FieldError[] = [];
  const report = (field: Field, code: ErrorCode | null) => {
    if (code !== null) errors.push({ field, code });
  };

  const phoneText = (form.phone ?? '').trim();
  const phone = normalisePhone(phoneText);
  report('phone', phoneText === '' ? 'phone.required' : phone === null ? 'phone.invalid' : null);

  const emailText = (form.email ?? '').trim();
  const email = normaliseEmail(emailText);
  report('email', emailText === '' ? 'email.required' : email === null ? 'email.invalid' : null);

  // Passwords are taken exactly as typed: no trimming.
  const password = form.password ?? '';
  report('password', password === '' ? 'password.required' : passwordError(password, phone));

  const birthDate = (form.birthDate ?? '').trim();
  report('birthDate', birthDate === '' ? 'birthDate.required' : birthDateError(birthDate, ctx.today));

  const inviteCode = (form.inviteCode ?? '').trim().toUpperCase();
  if (inviteCode === '') report('inviteCode', ctx.inviteOnly === true ? 'inviteCode.required' : null);
  else report('inviteCode', isValidInviteCode(inviteCode) ? null : 'inviteCode.invalid');

  if (errors.length > 0) return { ok: false, errors };
  // Without errors, phone and email are set.
  const value: Signup = { phone: phone!, email: email!, password, birthDate };
  if (inviteCode !== '') value.inviteCode = inviteCode;
  return { ok: true, value };
}
