export { InstallWizardPage } from './InstallWizardPage';
