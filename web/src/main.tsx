import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import { ApiError, setUnauthorizedHandler } from './api/client';
import { saveCredentials } from './api/credentials';
import { router } from './routes';
import './styles.css';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      refetchOnWindowFocus: false,
      // Retrying cannot fix a 4xx (not found, forbidden, a route this server lacks).
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
    },
  },
});

// A 401 means the stored credentials are missing or no longer valid: sign in again and come back.
setUnauthorizedHandler(() => {
  const here = window.location.pathname + window.location.search;
  if (window.location.pathname.startsWith('/ui/sign-in')) return;
  saveCredentials(null);
  void router.navigate(`/sign-in?next=${encodeURIComponent(here.replace(/^\/ui/, '') || '/')}`);
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
