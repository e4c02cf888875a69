import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { navModule } from './modules/nav';

/**
 * The app. Plugins listed in packages/app/package.json are discovered
 * automatically (`app.packages: all` in app-config.yaml); the features below
 * are the ones that need an explicit import.
 */
export default createApp({
  features: [catalogPlugin, navModule],
});
