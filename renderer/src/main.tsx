import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { chooseConsoleApi } from './api/choose-console-api.ts';
import { installConsoleApi } from './api/client.ts';
import { App } from './app/App.tsx';
import { landEarly } from './app/LandingScreen.tsx';
import { parseRoute } from './routing/route.ts';
import { localeStore } from './i18n/locale-store.ts';
import { consoleQueryClient } from './queries/query-client.ts';
import { readFirstPageEarly } from './features/transactions/hooks/use-payments-list.ts';

installConsoleApi(chooseConsoleApi(window));
document.documentElement.lang = localeStore.getState().locale;
const opening = parseRoute(window.location.hash).name;
if (opening === 'transactions') readFirstPageEarly(consoleQueryClient);
if (opening === 'home') {
  landEarly((target) => {
    if (target === 'transactions') readFirstPageEarly(consoleQueryClient);
  });
}

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
