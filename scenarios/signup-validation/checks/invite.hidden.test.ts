import { validateSignup, isValidInviteCode, INVITE_ALPHABET } from './src/validateSignup';

const BETA = { today: '2024-06-15', inviteOnly: true };
const OPEN = { today: '2024-06-15', inviteOnly: false };
const form = { phone: '13800138000', email: 'li.na@example.com', password: 'Salon2024', birthDate: '1995-03-08' };
const codes = (changes, ctx) => {
  const result = validateSignup({ ...form, ...changes }, ctx);
  return result.ok ? [] : result.errors.map((e) => e.code);
};

describe('check character', () => {
  test('the alphabet has 32 characters without I, O, 0 and 1', () => {
    expect(INVITE_ALPHABET).toBe('ABCDEFGHJKLMNPQRSTUVWXYZ23456789');
  });

  test('codes with a correct check character', () => {
    for (const code of ['SB-7KQ2MS', 'SB-HZ4PAZ', 'SB-AAAAAA', 'SB-99999T', 'SB-BCDEFZ', 'SB-XYZ23D', 'SB-M3N8RE']) {
      expect(isValidInviteCode(code)).toBe(true);
    }
  });

  test('a wrong check character or a swapped pair is caught', () => {
    for (const code of ['SB-7KQ2MT', 'SB-HZ4PAY', 'SB-AAAAAB', 'SB-99999S', 'SB-K7Q2MS', 'SB-XYZ32D', 'SB-M3N8RF']) {
      expect(isValidInviteCode(code)).toBe(false);
    }
  });

  test('format: SB-, six characters from the alphabet', () => {
    for (const code of ['SB-7KQ2M', 'SB-7KQ2MSS', 'SB7KQ2MS', 'XB-7KQ2MS', 'SB-7KQ2M-S', 'SB-OKQ2MS', 'SB-1KQ2MS', 'SB-IKQ2MS', 'SB-0KQ2MS', '']) {
      expect(isValidInviteCode(code)).toBe(false);
    }
  });
});

describe('in the sign-up', () => {
  test('trimmed and upper-cased before the check', () => {
    const result = validateSignup({ ...form, inviteCode: '  sb-hz4paz' }, BETA);
    expect(result).toEqual({ ok: true, value: { ...form, inviteCode: 'SB-HZ4PAZ' } });
  });

  test('required during the beta, also when only spaces are typed', () => {
    expect(codes({}, BETA)).toEqual(['inviteCode.required']);
    expect(codes({ inviteCode: '   ' }, BETA)).toEqual(['inviteCode.required']);
    expect(codes({ inviteCode: 'SB-7KQ2MT' }, BETA)).toEqual(['inviteCode.invalid']);
  });

  test('outside the beta a code is optional, but checked when given', () => {
    const result = validateSignup(form, OPEN);
    expect(result.ok).toBe(true);
    expect(result.ok && result.value.inviteCode).toBeUndefined();
    expect(codes({}, { today: '2024-06-15' })).toEqual([]);
    expect(codes({ inviteCode: 'SB-7KQ2MT' }, OPEN)).toEqual(['inviteCode.invalid']);
    expect(codes({ inviteCode: 'sb-xyz23d' }, OPEN)).toEqual([]);
  });

  test('the invitation code comes last in the errors', () => {
    expect(validateSignup({ phone: '12', inviteCode: 'SB-AAAAAB' }, BETA)).toEqual({
      ok: false,
      errors: [
        { field: 'phone', code: 'phone.invalid' },
        { field: 'email', code: 'email.required' },
        { field: 'password', code: 'password.required' },
        { field: 'birthDate', code: 'birthDate.required' },
        { field: 'inviteCode', code: 'inviteCode.invalid' },
      ],
    });
  });
});
