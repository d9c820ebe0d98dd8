// `Status` objects shaped like a real API server's (k8s.io/apimachinery/pkg/api/errors).

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message: string;
  reason: string;
  details?: { name?: string; group?: string; kind?: string; causes?: StatusCause[]; retryAfterSeconds?: number };
  code: number;
}

function status(code: number, reason: string, message: string, details?: StatusBody['details']): StatusBody {
  const body: StatusBody = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (details) body.details = details;
  return body;
}

/** `deployments.apps` or `pods` – how the server names a resource in messages. */
export function qualifiedResource(plural: string, group: string): string {
  return group ? `${plural}.${group}` : plural;
}

export function unauthorized(): StatusBody {
  return status(401, 'Unauthorized', 'Unauthorized');
}

export function forbidden(user: string, verb: string, plural: string, group: string, namespace?: string, name?: string): StatusBody {
  const what = name ? `${qualifiedResource(plural, group)} "${name}"` : qualifiedResource(plural, group);
  const where = namespace ? ` in the namespace "${namespace}"` : ' at the cluster scope';
  return status(
    403,
    'Forbidden',
    `${what} is forbidden: User "${user}" cannot ${verb} resource "${plural}" in API group "${group}"${where}`,
    { ...(name ? { name } : {}), group, kind: plural },
  );
}

export function notFound(plural: string, group: string, name?: string): StatusBody {
  if (!name) return status(404, 'NotFound', 'the server could not find the requested resource', {});
  return status(404, 'NotFound', `${qualifiedResource(plural, group)} "${name}" not found`, { name, group, kind: plural });
}

export function conflict(plural: string, group: string, name: string, message: string, causes?: StatusCause[]): StatusBody {
  return status(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(plural, group)} "${name}": ${message}`, {
    name,
    group,
    kind: plural,
    ...(causes ? { causes } : {}),
  });
}

export function invalid(kind: string, group: string, name: string, causes: StatusCause[]): StatusBody {
  const summary = causes.map((c) => `${c.field}: ${c.message}`).join(', ');
  return status(422, 'Invalid', `${kind}${group ? '.' + group : ''} "${name}" is invalid: ${summary}`, {
    name,
    group,
    kind,
    causes: causes.map((c) => ({ reason: c.reason ?? 'FieldValueInvalid', message: c.message, field: c.field })),
  });
}

export function badRequest(message: string): StatusBody {
  return status(400, 'BadRequest', message);
}

export function tooManyRequests(retryAfterSeconds: number): StatusBody {
  return status(429, 'TooManyRequests', 'Too many requests, please try again later.', { retryAfterSeconds });
}

export function internalError(message: string): StatusBody {
  return status(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] });
}

export function methodNotAllowed(message: string): StatusBody {
  return status(405, 'MethodNotAllowed', message);
}

export function gone(message: string): StatusBody {
  return status(410, 'Expired', message);
}

export function timeout(message: string): StatusBody {
  return status(504, 'Timeout', message);
}
