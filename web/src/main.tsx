import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Provider } from 'react-redux';
import { RouterProvider } from 'react-router/dom';
import { initI18n, loadAllCatalogs } from './app/i18n';
import { whenIdle } from './app/preload';
import { router } from './app/router';
import { store } from './app/store';
import './app/appStyles';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

const root = createRoot(container);
const render = () =>
  root.render(
    <StrictMode>
      <Provider store={store}>
        <RouterProvider router={router} />
      </Provider>
    </StrictMode>,
  );
// The first paint waits for the chosen language's catalogs (small chunks), so no English flashes
// before Chinese; should they fail to load, the interface still renders (i18next shows English
// fallbacks or keys) rather than a blank page.
initI18n().then(render, (error: unknown) => {
  console.error('Translations did not load', error);
  render();
});
// The other features' catalogs, for the pages after this one (each lazy page also waits for them).
whenIdle(() => void loadAllCatalogs());
