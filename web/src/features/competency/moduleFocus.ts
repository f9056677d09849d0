/** The id of a module's section on the report page; gap links point at it. */
export function moduleAnchor(moduleId: string): string {
  return `module-${moduleId}`;
}

/**
 * Brings a module's section into view and moves focus to its heading, so keyboard and
 * screen-reader users land where the adjustment form is. No history entry: the report is one page.
 */
export function focusModule(moduleId: string): boolean {
  const section = document.getElementById(moduleAnchor(moduleId));
  if (!section) return false;
  const heading = section.querySelector<HTMLElement>('[data-module-heading]');
  const reduced = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  section.scrollIntoView({ behavior: reduced ? 'auto' : 'smooth', block: 'start' });
  heading?.focus({ preventScroll: true });
  section.classList.remove('course-module--arrived');
  // Reflow so the highlight restarts when the same module is followed twice.
  void section.offsetWidth;
  section.classList.add('course-module--arrived');
  return true;
}
