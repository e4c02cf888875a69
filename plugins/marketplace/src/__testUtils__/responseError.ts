import { ResponseError } from '@backstage/errors';

/** The error the client throws when the backend answers with this status. */
export async function responseError(status: number, name: string, message: string): Promise<ResponseError> {
  const body = JSON.stringify({ error: { name, message }, response: { statusCode: status } });
  return ResponseError.fromResponse({
    ok: false,
    status,
    statusText: name,
    headers: new Headers({ 'Content-Type': 'application/json' }),
    redirected: false,
    type: 'basic',
    url: 'http://localhost/api/marketplace',
    text: async () => body,
  });
}
