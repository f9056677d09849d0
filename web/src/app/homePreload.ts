/**
 * The signed-in frame and the home page: what the sign-in page's visitor sees next. Apart from
 * preload.ts, which the home page's own parts import (the workspace preload): a loader of the
 * home page there made an import circle.
 */
export const loadLayout = () => import('../features/shell/Layout');
export const loadHomePage = () => import('../features/home/HomePage');

export function preloadSignedInHome(): void {
  Promise.all([loadLayout(), loadHomePage()]).catch(() => undefined);
}
