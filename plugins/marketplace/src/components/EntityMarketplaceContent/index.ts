export { EntityMarketplaceContent } from './EntityMarketplaceContent';
