import { validateSignup } from './src/validateSignup';

const TODAY = { today: '2024-06-15' };
const form = { phone: '13800138000', email: 'li.na@example.com', password: 'Salon2024', birthDate: '1995-03-08' };

test('SUP-311: a number typed with +86 and spaces is accepted', () => {
  const result = validateSignup({ ...form, phone: '+86 138 0013 8000' }, TODAY);
  expect(result.ok).toBe(true);
  expect(result.ok && result.value.phone).toBe('13800138000');
});

test('SUP-314: 128… is not a mobile number', () => {
  expect(validateSignup({ ...form, phone: '12812345678' }, TODAY)).toEqual({
    ok: false,
    errors: [{ field: 'phone', code: 'phone.invalid' }],
  });
});

test('SUP-318: every problem is reported at once', () => {
  expect(validateSignup({ ...form, phone: '1380013800', email: 'li.na@example' }, TODAY)).toEqual({
    ok: false,
    errors: [
      { field: 'phone', code: 'phone.invalid' },
      { field: 'email', code: 'email.invalid' },
    ],
  });
});

test('SUP-320: one day before the 16th birthday is too young', () => {
  expect(validateSignup({ ...form, birthDate: '2008-06-16' }, TODAY)).toEqual({
    ok: false,
    errors: [{ field: 'birthDate', code: 'birthDate.too_young' }],
  });
  expect(validateSignup({ ...form, birthDate: '2008-06-15' }, TODAY).ok).toBe(true);
});
