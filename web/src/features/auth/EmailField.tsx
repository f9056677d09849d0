import { Field } from '../../components/Field';

type Props = { id: string; label: string; hint?: string; error?: string; value: string; onChange: (value: string) => void; autoComplete?: 'username' | 'off' };

/**
 * An e-mail address field: the one a person signs in with (sign-in, forgot password: the browser
 * may fill it) or, with `autoComplete="off"`, someone else's (an admin making an account).
 */
export function EmailField({ id, label, hint, error, value, onChange, autoComplete = 'username' }: Props) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      {(control) => (
        <input
          {...control}
          className="input"
          type="email"
          name="email"
          autoComplete={autoComplete}
          autoCapitalize="none"
          spellCheck={false}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}
