import { Progress } from '@backstage/core-components';
import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router-dom';
import { HomePage } from './HomePage';

// The details page (markdown rendering, dependency tree) and the installed page
// load when first opened, so the marketplace home needs only its own code.
const PluginDetailsPage = lazy(() =>
  import('./PluginDetailsPage').then(m => ({ default: m.PluginDetailsPage })),
);
const InstalledPage = lazy(() =>
  import('./InstalledPage').then(m => ({ default: m.InstalledPage })),
);
// The wizard and the config editor carry the JSON Schema form library.
const InstallWizardPage = lazy(() =>
  import('./InstallWizard').then(m => ({ default: m.InstallWizardPage })),
);
const ConfigAdminPage = lazy(() =>
  import('./ConfigAdminPage').then(m => ({ default: m.ConfigAdminPage })),
);

/**
 * The marketplace's pages under its mount path; paths match the sub-route refs
 * in `routes.ts`.
 */
export const MarketplaceRouter = () => (
  <Suspense fallback={<Progress />}>
    <Routes>
      <Route path="/" element={<HomePage />} />
      <Route path="/plugins/:pluginId" element={<PluginDetailsPage />} />
      <Route path="/plugins/:pluginId/install" element={<InstallWizardPage />} />
      <Route path="/installed" element={<InstalledPage />} />
      <Route path="/admin/config" element={<ConfigAdminPage />} />
    </Routes>
  </Suspense>
);
