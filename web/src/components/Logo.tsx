export function Logo({ size = 28 }: { size?: number }) {
  return (
    <svg className="logo" width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="7" fill="currentColor" />
      <path
        d="M10 24V8h7.2c3.6 0 5.8 2 5.8 5.1S20.8 18.3 17.2 18.3H13.6V24z M13.6 15.3h3.3c1.7 0 2.6-.8 2.6-2.2s-.9-2.2-2.6-2.2h-3.3z"
        fill="#fff"
      />
    </svg>
  );
}
