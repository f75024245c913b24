import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './app/App.js';
import { PrefsProvider } from './app/prefs.js';
import { initI18n } from './i18n/index.js';
import './app/styles.css';
import './app/workspace.css';

const i18n = initI18n();

// A file dropped outside the import zone must not make the window navigate to it.
for (const type of ['dragover', 'drop'] as const) window.addEventListener(type, (e) => e.preventDefault());

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <PrefsProvider>
        <App />
      </PrefsProvider>
    </I18nextProvider>
  </StrictMode>,
);
