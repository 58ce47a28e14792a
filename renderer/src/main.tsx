import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { chooseConsoleApi } from './api/choose-console-api.ts';
import { installConsoleApi } from './api/client.ts';
import { App } from './app/App.tsx';
import { landing } from './app/LandingScreen.tsx';
import { parseRoute } from './routing/route.ts';
import { localeStore } from './i18n/locale-store.ts';
import { consoleQueryClient } from './queries/query-client.ts';

installConsoleApi(chooseConsoleApi(window));
document.documentElement.lang = localeStore.getState().locale;
if (parseRoute(window.location.hash).name === 'home') landing.askEarly();

const container = document.getElementById('root');
if (container) {
  createRoot(container).render(
    <StrictMode>
      <QueryClientProvider client={consoleQueryClient}>
        <App />
      </QueryClientProvider>
    </StrictMode>,
  );
}
