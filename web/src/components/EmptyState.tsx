import type { ReactNode } from 'react';

/** An honest "nothing here yet" that says what will appear and who makes it appear. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty-state">
      <p className="empty-state__title">{title}</p>
      {children ? <p className="empty-state__text">{children}</p> : null}
    </div>
  );
}
