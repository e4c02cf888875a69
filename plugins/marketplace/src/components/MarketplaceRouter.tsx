import { Route, Routes } from 'react-router-dom';
import { HomePage } from './HomePage';
import { InstalledPage } from './InstalledPage';
import { PluginDetailsPage } from './PluginDetailsPage';

/**
 * The marketplace's pages under its mount path; paths match the sub-route refs
 * in `routes.ts`.
 */
export const MarketplaceRouter = () => (
  <Routes>
    <Route path="/" element={<HomePage />} />
    <Route path="/plugins/:pluginId" element={<PluginDetailsPage />} />
    <Route path="/installed" element={<InstalledPage />} />
  </Routes>
);
