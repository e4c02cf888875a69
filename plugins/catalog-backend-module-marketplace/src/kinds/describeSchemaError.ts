import { PATTERN_DESCRIPTIONS } from './patterns';

/**
 * Rewrites the first schema error that `entityKindSchemaValidator` throws,
 * `/spec/category must be equal to one of the allowed values - allowedValues: a,b`,
 * into one that names the field the way an author writes it in YAML:
 * `spec.category must be one of a, b`.
 */
export function describeSchemaError(message: string): string {
  const match = /^(<root>|\/\S*) (.*?)(?: - (.*))?$/s.exec(message);
  if (!match) {
    return message;
  }
  const [, pointer, text, params = ''] = match;
  const field = fieldFromPointer(pointer === '<root>' ? '' : pointer);
  const param = (name: string) =>
    params.startsWith(`${name}: `) ? params.slice(name.length + 2) : undefined;
  const at = (child: string) => (field ? `${field}.${child}` : child);

  const missing = param('missingProperty');
  if (missing !== undefined) {
    return `${at(missing)} is required`;
  }
  const extra = param('additionalProperty');
  if (extra !== undefined) {
    return `${at(extra)} is not a known field`;
  }
  const allowed = param('allowedValues');
  if (allowed !== undefined) {
    return `${field} must be one of ${allowed.split(',').join(', ')}`;
  }
  const pattern = param('pattern');
  if (pattern !== undefined && PATTERN_DESCRIPTIONS[pattern]) {
    return `${field} must be ${PATTERN_DESCRIPTIONS[pattern]}`;
  }
  return field ? `${field} ${text}` : text;
}

/** `/spec/packages/0/role` → `spec.packages[0].role`. */
function fieldFromPointer(pointer: string): string {
  let path = '';
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(part)) {
      path += `[${part}]`;
    } else {
      path += path ? `.${part}` : part;
    }
  }
  return path;
}
