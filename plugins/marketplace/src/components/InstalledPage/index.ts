export { InstalledPage } from './InstalledPage';
