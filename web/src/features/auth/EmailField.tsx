import { Field } from '../../components/Field';

/** The e-mail address a person signs in with: the same field on the sign-in and forgot-password forms. */
export function EmailField({ id, label, error, value, onChange }: { id: string; label: string; error?: string; value: string; onChange: (value: string) => void }) {
  return (
    <Field id={id} label={label} error={error}>
      {(control) => (
        <input
          {...control}
          className="input"
          type="email"
          name="email"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}
