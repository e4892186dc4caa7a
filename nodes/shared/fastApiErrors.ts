/** FastAPI-style validation answers (HTTP 422): `{ detail: [{ loc, msg, type }] }`. */
export function describeFieldErrors(body: unknown): string | undefined {
	const detail = (body as { detail?: unknown } | undefined)?.detail;
	if (typeof detail === 'string') return detail;
	if (!Array.isArray(detail) || detail.length === 0) return undefined;
	return detail
		.map((entry) => {
			const e = entry as { loc?: unknown[]; msg?: string };
			const loc = Array.isArray(e.loc) ? e.loc.filter((part, i) => !(i === 0 && (part === 'body' || part === 'query'))) : [];
			const where = loc.length ? loc.join('.') : 'request';
			return `${where}: ${e.msg ?? 'invalid'}`;
		})
		.join('; ');
}

/** Parses a JSON error body that arrived as a Buffer or string (binary downloads). */
export function jsonBody(body: unknown): unknown {
	if (Buffer.isBuffer(body)) body = body.toString('utf8');
	if (typeof body === 'string') {
		try {
			return JSON.parse(body);
		} catch {
			return { message: body.slice(0, 300) };
		}
	}
	return body;
}
