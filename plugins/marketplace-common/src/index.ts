/**
 * Types, schemas and permissions shared by the marketplace frontend and backend.
 *
 * @packageDocumentation
 */

export * from './health';
export { MARKETPLACE_PLUGIN_ID } from './constants';
export * from './categories';
export { isCompatible } from './compatibility';
export { GRADE_THRESHOLDS, gradeOf } from './quality';
export { findMainPackage, identifyPackage } from './identity';
export type { PackageIdentity } from './identity';
export * from './permissions';
export * from './types/PluginSpecification';
export * from './types/api';
export * from './types/search';
export * from './types/planning';
export * from './types/install';
export { pluginSpecificationSchema } from './schema/pluginSpecificationSchema';
export {
  validatePluginSpecification,
  toFieldErrors,
  formatFieldErrors,
} from './schema/validation';
export type { FieldError, ValidationResult } from './schema/validation';
