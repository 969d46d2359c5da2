// Calls to marsad's own /api (same origin: the page loads nothing from elsewhere).

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

// Query string of the non-empty entries of `params`.
export function queryString(params) {
  const search = new URLSearchParams();
  for (const [key, val] of Object.entries(params)) {
    if (val !== null && val !== undefined && val !== "") search.set(key, String(val));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

// GET a JSON resource; `signal` lets a newer request cancel an older one.
export async function getJson(path, params = {}, signal = undefined) {
  const response = await fetch(`/api/${path}${queryString(params)}`, {
    signal,
    headers: { Accept: "application/json" },
  });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    throw new ApiError(response.status, body?.error ?? `${response.status} ${response.statusText}`);
  }
  return body;
}

export function exportUrl(format, params) {
  return `/api/export/${encodeURIComponent(format)}${queryString(params)}`;
}

export function pathPart(id) {
  return encodeURIComponent(id);
}
