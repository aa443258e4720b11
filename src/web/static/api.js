// The page's only way to the data: the same JSON endpoints scripts use. Same-origin requests carry
// the session cookie when the server wants a token.

export class ApiError extends Error {
  constructor(message, hint) {
    super(message);
    this.hint = hint;
  }
}

/** GET /api/<path> with the given parameters (empty values left out). */
export async function get(path, params = {}) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') query.set(name, value);
  }
  const qs = query.toString();
  const response = await fetch(`/api/${path}${qs ? `?${qs}` : ''}`, {
    headers: { Accept: 'application/json' },
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new ApiError(body.error?.message ?? `${response.status} ${response.statusText}`, body.error?.hint);
  }
  return body;
}
