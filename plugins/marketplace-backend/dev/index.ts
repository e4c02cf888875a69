import { createBackend } from '@backstage/backend-defaults';

// A backend with only the marketplace plugin, for working on it in isolation:
// `yarn start` in this folder, then `curl http://localhost:7007/api/marketplace/health`.
const backend = createBackend();
backend.add(import('../src'));
backend.start();
