export { ConfigAdminPage } from './ConfigAdminPage';
