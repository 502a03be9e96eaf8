/** A setting edited as text, one entry per line, with its help under it (origins, scopes, redirect pages). */
export function LinesField({
  name,
  label,
  help,
  value,
  invalid,
  onChange,
}: {
  /** The setting's name: the textarea's id, and what the server names in a refusal. */
  name: string;
  label: string;
  help: string;
  value: string;
  invalid: true | undefined;
  onChange: (value: string) => void;
}) {
  return (
    <div>
      <label htmlFor={name}>{label}</label>
      <textarea
        id={name}
        rows={3}
        value={value}
        aria-invalid={invalid}
        aria-describedby={`${name}-help`}
        onChange={(event) => onChange(event.target.value)}
      />
      <small id={`${name}-help`}>{help}</small>
    </div>
  );
}
