import { validateSignup } from './src/validateSignup';

const BETA = { today: '2024-06-15', inviteOnly: true };
const form = { phone: '13800138000', email: 'li.na@example.com', password: 'Salon2024', birthDate: '1995-03-08' };

test("Lin Xiao's example code is accepted and normalised", () => {
  const result = validateSignup({ ...form, inviteCode: ' sb-7kq2ms ' }, BETA);
  expect(result.ok).toBe(true);
  expect(result.ok && result.value.inviteCode).toBe('SB-7KQ2MS');
});

test('a typo in the code is caught', () => {
  expect(validateSignup({ ...form, inviteCode: 'SB-7KQ2NS' }, BETA)).toEqual({
    ok: false,
    errors: [{ field: 'inviteCode', code: 'inviteCode.invalid' }],
  });
});

test('during the beta the code is required', () => {
  expect(validateSignup(form, BETA)).toEqual({ ok: false, errors: [{ field: 'inviteCode', code: 'inviteCode.required' }] });
});
