import { validateSignup } from './src/validateSignup';

const TODAY = { today: '2024-06-15' };
const form = { phone: '13800138000', email: 'li.na@example.com', password: 'Salon2024', birthDate: '1995-03-08' };
const codes = (changes, ctx = TODAY) => {
  const result = validateSignup({ ...form, ...changes }, ctx);
  return result.ok ? [] : result.errors.map((e) => e.code);
};
const value = (changes, ctx = TODAY) => {
  const result = validateSignup({ ...form, ...changes }, ctx);
  return result.ok ? result.value : result.errors;
};

describe('result shape and order', () => {
  test('a valid form gives the normalised values', () => {
    expect(validateSignup({ phone: ' +86 139-1234-5678 ', email: ' Li.Na@Example.COM ', password: ' Salon 2024 ', birthDate: ' 1995-03-08 ' }, TODAY)).toEqual({
      ok: true,
      value: { phone: '13912345678', email: 'li.na@example.com', password: ' Salon 2024 ', birthDate: '1995-03-08' },
    });
  });

  test('an empty form reports every field as required, in field order', () => {
    expect(validateSignup({}, TODAY)).toEqual({
      ok: false,
      errors: [
        { field: 'phone', code: 'phone.required' },
        { field: 'email', code: 'email.required' },
        { field: 'password', code: 'password.required' },
        { field: 'birthDate', code: 'birthDate.required' },
      ],
    });
  });

  test('fields of only spaces are required; at most one error per field', () => {
    expect(codes({ phone: '   ', email: ' ', birthDate: '  ' })).toEqual(['phone.required', 'email.required', 'birthDate.required']);
    expect(codes({ password: 'abc' })).toEqual(['password.too_short']);
    expect(codes({ phone: '12', email: 'x', password: 'short', birthDate: '2030-13-01' })).toEqual([
      'phone.invalid',
      'email.invalid',
      'password.too_short',
      'birthDate.invalid',
    ]);
  });
});

describe('phone', () => {
  test('spaces, hyphens and the +86 or 0086 prefix are removed', () => {
    expect(value({ phone: '+8613800138000' }).phone).toBe('13800138000');
    expect(value({ phone: '0086-139-1234-5678' }).phone).toBe('13912345678');
    expect(value({ phone: '00 86 150 0000 1234' }).phone).toBe('15000001234');
    expect(value({ phone: '138-0013-8000' }).phone).toBe('13800138000');
  });

  test('second digit 3 to 9', () => {
    expect(codes({ phone: '13000000000' })).toEqual([]);
    expect(codes({ phone: '19912345678' })).toEqual([]);
    expect(codes({ phone: '12912345678' })).toEqual(['phone.invalid']);
    expect(codes({ phone: '10012345678' })).toEqual(['phone.invalid']);
    expect(codes({ phone: '23800138000' })).toEqual(['phone.invalid']);
  });

  test('exactly 11 digits and nothing else', () => {
    expect(codes({ phone: '1380013800' })).toEqual(['phone.invalid']);
    expect(codes({ phone: '138001380001' })).toEqual(['phone.invalid']);
    expect(codes({ phone: '86 13800138000' })).toEqual(['phone.invalid']);
    expect(codes({ phone: '+86 013800138000' })).toEqual(['phone.invalid']);
    expect(codes({ phone: '138OO138000' })).toEqual(['phone.invalid']);
    expect(codes({ phone: '(138)00138000' })).toEqual(['phone.invalid']);
  });
});

describe('email', () => {
  const a = (n) => 'a'.repeat(n);

  test('lower case, and common Chinese providers', () => {
    expect(value({ email: 'Wang.Fang@Example.CN' }).email).toBe('wang.fang@example.cn');
    expect(codes({ email: 'user@163.com' })).toEqual([]);
    expect(codes({ email: 'a_b%c+d-e@mail.qq.com' })).toEqual([]);
    expect(codes({ email: 'li@exa-mple.com.cn' })).toEqual([]);
  });

  test('local part: no leading, trailing or double dot, allowed characters only', () => {
    expect(codes({ email: '.li@example.com' })).toEqual(['email.invalid']);
    expect(codes({ email: 'li.@example.com' })).toEqual(['email.invalid']);
    expect(codes({ email: 'li..na@example.com' })).toEqual(['email.invalid']);
    expect(codes({ email: 'li na@example.com' })).toEqual(['email.invalid']);
    expect(codes({ email: 'li#na@example.com' })).toEqual(['email.invalid']);
    expect(codes({ email: '@example.com' })).toEqual(['email.invalid']);
  });

  test('exactly one @', () => {
    expect(codes({ email: 'li.example.com' })).toEqual(['email.invalid']);
    expect(codes({ email: 'li@@example.com' })).toEqual(['email.invalid']);
    expect(codes({ email: 'x@example.com@example.com' })).toEqual(['email.invalid']);
  });

  test('domain: two labels or more, no hyphen at the ends, letters-only top level of 2 or more', () => {
    expect(codes({ email: 'li@example' })).toEqual(['email.invalid']);
    expect(codes({ email: 'li@example.c' })).toEqual(['email.invalid']);
    expect(codes({ email: 'li@example.c0m' })).toEqual(['email.invalid']);
    expect(codes({ email: 'li@-example.com' })).toEqual(['email.invalid']);
    expect(codes({ email: 'li@example-.com' })).toEqual(['email.invalid']);
    expect(codes({ email: 'li@example..com' })).toEqual(['email.invalid']);
    expect(codes({ email: 'li@example.com.' })).toEqual(['email.invalid']);
  });

  test('length limits: local part 64, label 63, address 254', () => {
    expect(codes({ email: `${a(64)}@example.com` })).toEqual([]);
    expect(codes({ email: `${a(65)}@example.com` })).toEqual(['email.invalid']);
    expect(codes({ email: `li@${a(63)}.com` })).toEqual([]);
    expect(codes({ email: `li@${a(64)}.com` })).toEqual(['email.invalid']);
    const domain254 = `${a(63)}.${a(63)}.${a(57)}.com`;
    expect(codes({ email: `${a(64)}@${domain254}` })).toEqual([]);
    expect(`${a(64)}@${domain254}`).toHaveLength(254);
    expect(codes({ email: `${a(64)}@${a(63)}.${a(63)}.${a(58)}.com` })).toEqual(['email.invalid']);
  });
});

describe('password', () => {
  test('taken as typed, not trimmed', () => {
    expect(value({ password: '  Salon2024  ' }).password).toBe('  Salon2024  ');
    expect(codes({ password: '        ' })).toEqual(['password.too_weak']);
    expect(codes({ password: '' })).toEqual(['password.required']);
    expect(codes({ password: undefined })).toEqual(['password.required']);
  });

  test('8 to 64 characters, counted as the user sees them', () => {
    expect(codes({ password: 'Salon20' })).toEqual(['password.too_short']);
    expect(codes({ password: 'Salon202' })).toEqual([]);
    expect(codes({ password: `A1${'x'.repeat(62)}` })).toEqual([]);
    expect(codes({ password: `A1${'x'.repeat(63)}` })).toEqual(['password.too_long']);
    expect(codes({ password: 'abc12🐱🐱' })).toEqual(['password.too_short']);
    expect(codes({ password: 'abc123🐱🐱' })).toEqual([]);
    expect(codes({ password: `A1${'🐱'.repeat(62)}` })).toEqual([]);
    expect(codes({ password: '美发预约2024' })).toEqual(['password.too_weak']);
  });

  test('at least one letter and one digit', () => {
    expect(codes({ password: 'salonsalon' })).toEqual(['password.too_weak']);
    expect(codes({ password: '2024202420' })).toEqual(['password.too_weak']);
    expect(codes({ password: 'SALON-2024' })).toEqual([]);
    expect(codes({ password: '2024salon' })).toEqual([]);
  });

  test('must not contain the phone number', () => {
    expect(codes({ password: 'Li13800138000' })).toEqual(['password.contains_phone']);
    expect(codes({ phone: '+86 138 0013 8000', password: 'x13800138000' })).toEqual(['password.contains_phone']);
    expect(codes({ password: 'Li1380013800' })).toEqual([]);
    expect(codes({ phone: '12800138000', password: 'Li12800138000' })).toEqual(['phone.invalid']);
  });
});

describe('date of birth', () => {
  test('16 on the birthday itself', () => {
    expect(codes({ birthDate: '2008-06-15' })).toEqual([]);
    expect(codes({ birthDate: '2008-06-14' })).toEqual([]);
    expect(codes({ birthDate: '2008-05-31' })).toEqual([]);
    expect(codes({ birthDate: '2008-06-16' })).toEqual(['birthDate.too_young']);
    expect(codes({ birthDate: '2008-07-01' })).toEqual(['birthDate.too_young']);
    expect(codes({ birthDate: '2009-01-01' })).toEqual(['birthDate.too_young']);
    expect(codes({ birthDate: '2007-06-16' })).toEqual([]);
    expect(codes({ birthDate: '2007-12-31' })).toEqual([]);
  });

  test('uses the date passed in, never the clock', () => {
    expect(codes({ birthDate: '2023-06-01' }, { today: '2039-06-01' })).toEqual([]);
    expect(codes({ birthDate: '2023-06-02' }, { today: '2039-06-01' })).toEqual(['birthDate.too_young']);
    expect(codes({ birthDate: '1990-01-02' }, { today: '2006-01-01' })).toEqual(['birthDate.too_young']);
    expect(codes({ birthDate: '1990-01-01' }, { today: '2006-01-01' })).toEqual([]);
  });

  test('born on 29 February', () => {
    expect(codes({ birthDate: '2008-02-29' }, { today: '2024-02-28' })).toEqual(['birthDate.too_young']);
    expect(codes({ birthDate: '2008-02-29' }, { today: '2024-02-29' })).toEqual([]);
    expect(codes({ birthDate: '2008-02-29' }, { today: '2025-03-01' })).toEqual([]);
  });

  test('future dates', () => {
    expect(codes({ birthDate: '2024-06-16' })).toEqual(['birthDate.in_future']);
    expect(codes({ birthDate: '2031-01-01' })).toEqual(['birthDate.in_future']);
    expect(codes({ birthDate: '2024-06-15' })).toEqual(['birthDate.too_young']);
  });

  test('written YYYY-MM-DD', () => {
    expect(codes({ birthDate: '1995-3-8' })).toEqual(['birthDate.invalid']);
    expect(codes({ birthDate: '08/03/1995' })).toEqual(['birthDate.invalid']);
    expect(codes({ birthDate: '1995-03-08T00:00' })).toEqual(['birthDate.invalid']);
    expect(codes({ birthDate: '1995年3月8日' })).toEqual(['birthDate.invalid']);
  });

  test('a real calendar date from 1900 on', () => {
    expect(codes({ birthDate: '1899-12-31' })).toEqual(['birthDate.invalid']);
    expect(codes({ birthDate: '1900-01-01' })).toEqual([]);
    expect(codes({ birthDate: '1995-00-10' })).toEqual(['birthDate.invalid']);
    expect(codes({ birthDate: '1995-13-01' })).toEqual(['birthDate.invalid']);
    expect(codes({ birthDate: '1995-12-01' })).toEqual([]);
    expect(codes({ birthDate: '1995-06-00' })).toEqual(['birthDate.invalid']);
    expect(codes({ birthDate: '1995-01-32' })).toEqual(['birthDate.invalid']);
  });

  test('days per month', () => {
    const ok31 = ['01', '03', '05', '07', '08', '10', '12'];
    for (const m of ['01', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12']) {
      expect(codes({ birthDate: `2001-${m}-30` })).toEqual([]);
      expect(codes({ birthDate: `2001-${m}-31` })).toEqual(ok31.includes(m) ? [] : ['birthDate.invalid']);
    }
  });

  test('leap years', () => {
    expect(codes({ birthDate: '2001-02-28' })).toEqual([]);
    expect(codes({ birthDate: '2001-02-29' })).toEqual(['birthDate.invalid']);
    expect(codes({ birthDate: '2004-02-29' })).toEqual([]);
    expect(codes({ birthDate: '2004-02-30' })).toEqual(['birthDate.invalid']);
    expect(codes({ birthDate: '2000-02-29' })).toEqual([]);
    expect(codes({ birthDate: '1900-02-29' })).toEqual(['birthDate.invalid']);
    expect(codes({ birthDate: '1996-02-29' })).toEqual([]);
    expect(codes({ birthDate: '2023-02-29' }, { today: '2040-01-01' })).toEqual(['birthDate.invalid']);
  });
});
