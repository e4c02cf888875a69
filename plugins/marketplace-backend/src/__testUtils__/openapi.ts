import Ajv2020 from 'ajv/dist/2020';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

const document = parse(
  readFileSync(resolve(__dirname, '../../openapi.yaml'), 'utf8'),
);

const ajv = new Ajv2020({ allErrors: true, strict: false });
ajv.addSchema(document, 'openapi');

function pointerEscape(segment: string) {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The OpenAPI document of the package, parsed. */
export const openApiDocument = document;

/**
 * Checks a response against what openapi.yaml promises for the path, method
 * and status; returns the problems, an empty list when it conforms.
 */
export function responseProblems(
  path: string,
  status: number,
  body: unknown,
  method = 'get',
): string[] {
  const operation = document.paths?.[path]?.[method];
  if (!operation) return [`openapi.yaml has no ${method.toUpperCase()} ${path}`];
  let response = operation.responses?.[String(status)];
  if (!response) return [`openapi.yaml documents no ${status} for ${method.toUpperCase()} ${path}`];
  let pointer = `#/paths/${pointerEscape(path)}/${method}/responses/${status}`;
  if (response.$ref) {
    pointer = response.$ref;
    response = undefined;
  }
  const validate = ajv.getSchema(
    `openapi${pointer}/content/${pointerEscape('application/json')}/schema`,
  );
  if (!validate) return [`no JSON schema at ${pointer}`];
  if (validate(body)) return [];
  return (validate.errors ?? []).map(e => `${e.instancePath || '/'} ${e.message}`);
}
