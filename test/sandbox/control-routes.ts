// The same controls as the in-process API, as JSON over HTTP under /_sandbox/, for another process
// (the `npm start` demo, curl, an e2e runner) to drive the sandbox.
import type { Exchange, RouteResult } from './http/exchange';
import type { Router } from './http/router';
import { SandboxError } from './errors';
import type {
	ChangeOptions,
	DeliveryFilter,
	DeliveryState,
	FailureRule,
	HubSpotEvent,
	JsonObject,
	JsonValue,
	PipedriveEntity,
	Provider,
	Sandbox,
} from './types';
import { PIPEDRIVE_ENTITIES, PROVIDERS } from './types';

export function registerControlRoutes(router: Router, sandbox: () => Sandbox): void {
	const control = (handler: (exchange: Exchange, body: JsonObject) => Promise<JsonValue> | JsonValue, status = 200) =>
		async (exchange: Exchange): Promise<RouteResult> => {
			try {
				return { status, body: await handler(exchange, objectBody(exchange)), auth: 'none' };
			} catch (error) {
				if (error instanceof SandboxError) {
					return { status: error.code === 'NOT_FOUND' ? 404 : 400, body: { error: error.code, message: error.message }, auth: 'none' };
				}
				throw error;
			}
		};
	const hubspot = () => sandbox().hubspot;
	const pipedrive = () => sandbox().pipedrive;

	router
		.add('control', 'GET', '/_sandbox/health', control(() => ({ ok: true, url: sandbox().url })))
		.add('control', 'GET', '/_sandbox/requests', control((exchange) => json(sandbox().requests({
			provider: optionalProvider(exchange.query.get('provider')),
			method: exchange.query.get('method') ?? undefined,
			pathPrefix: exchange.query.get('pathPrefix') ?? undefined,
		}))))
		.add('control', 'GET', '/_sandbox/deliveries', control((exchange) => json(sandbox().deliveries(deliveryFilter(exchange)))))
		.add('control', 'POST', '/_sandbox/failures', control((_exchange, body) => {
			sandbox().failNext(failureRule(body));
			return { ok: true };
		}))
		.add('control', 'POST', '/_sandbox/settle', control(async (_exchange, body) => {
			await sandbox().settle(typeof body.timeoutMs === 'number' ? body.timeoutMs : undefined);
			return { ok: true };
		}))
		.add('control', 'POST', '/_sandbox/reset', control(() => {
			sandbox().reset();
			return { ok: true };
		}))
		// HubSpot
		.add('control', 'GET', '/_sandbox/hubspot', control(() => json({ identity: hubspot().identity, behaviour: hubspot().behaviour })))
		.add('control', 'POST', '/_sandbox/hubspot/configure', control((_exchange, body) => {
			hubspot().configure(behaviourPatch(body, ['searchLagMs', 'searchRateLimitPerSecond', 'searchResultCap', 'deliveryTimeoutMs', 'batchWindowMs']));
			return json(hubspot().behaviour);
		}))
		.add('control', 'GET', '/_sandbox/hubspot/settings', control(() => json(hubspot().settings())))
		.add('control', 'GET', '/_sandbox/hubspot/subscriptions', control(() => json(hubspot().subscriptions())))
		.add('control', 'GET', '/_sandbox/hubspot/records/:type', control((exchange) =>
			json(hubspot().list(exchange.params.type, { archived: exchange.query.get('archived') === 'true' })),
		))
		.add('control', 'POST', '/_sandbox/hubspot/records/:type', control((exchange, body) =>
			json(hubspot().create(exchange.params.type, properties(body), changeOptions(body))), 201,
		))
		.add('control', 'PATCH', '/_sandbox/hubspot/records/:type/:id', control((exchange, body) =>
			json(hubspot().update(exchange.params.type, exchange.params.id, properties(body), changeOptions(body))),
		))
		.add('control', 'DELETE', '/_sandbox/hubspot/records/:type/:id', control((exchange, body) =>
			json(hubspot().archive(exchange.params.type, exchange.params.id, changeOptions(body))),
		))
		.add('control', 'POST', '/_sandbox/hubspot/deliver', control(async (_exchange, body) => {
			if (!Array.isArray(body.events)) throw new SandboxError('BAD_INPUT', 'body.events must be an array of events');
			const signatures = Array.isArray(body.signatures) ? body.signatures.filter((v): v is 'v1' | 'v3' => v === 'v1' || v === 'v3') : undefined;
			return json(await hubspot().deliver(body.events as Array<Partial<HubSpotEvent>>, {
				clientSecret: optionalString(body.clientSecret),
				targetUrl: optionalString(body.targetUrl),
				signatures,
				timestampMs: typeof body.timestampMs === 'number' ? body.timestampMs : undefined,
			}));
		}))
		// `hs project upload` of a project app's webhooks component (the hsmeta file's JSON as the body).
		.add('control', 'PUT', '/_sandbox/hubspot/project', control((_exchange, body) => json(hubspot().uploadProject(body))))
		.add('control', 'GET', '/_sandbox/hubspot/project', control(() => json(hubspot().project())))
		.add('control', 'POST', '/_sandbox/hubspot/redeliver/:deliveryId', control(async (exchange) => json(await hubspot().redeliver(exchange.params.deliveryId))))
		// Pipedrive
		.add('control', 'GET', '/_sandbox/pipedrive', control(() => json({ identity: pipedrive().identity, behaviour: pipedrive().behaviour })))
		.add('control', 'POST', '/_sandbox/pipedrive/configure', control((_exchange, body) => {
			pipedrive().configure(behaviourPatch(body, ['deliveryTimeoutMs']));
			return json(pipedrive().behaviour);
		}))
		.add('control', 'GET', '/_sandbox/pipedrive/webhooks', control(() => json(pipedrive().webhooks())))
		.add('control', 'GET', '/_sandbox/pipedrive/records/:entity', control((exchange) =>
			json(pipedrive().list(entity(exchange), { deleted: exchange.query.get('deleted') === 'true' })),
		))
		.add('control', 'POST', '/_sandbox/pipedrive/records/:entity', control((exchange, body) =>
			json(pipedrive().create(entity(exchange), fields(body), changeOptions(body))), 201,
		))
		.add('control', 'PATCH', '/_sandbox/pipedrive/records/:entity/:id', control((exchange, body) =>
			json(pipedrive().update(entity(exchange), Number(exchange.params.id), fields(body), changeOptions(body))),
		))
		.add('control', 'DELETE', '/_sandbox/pipedrive/records/:entity/:id', control((exchange, body) =>
			json(pipedrive().delete(entity(exchange), Number(exchange.params.id), changeOptions(body))),
		))
		.add('control', 'POST', '/_sandbox/pipedrive/records/:entity/:id/merge', control((exchange, body) => {
			if (typeof body.intoId !== 'number') throw new SandboxError('BAD_INPUT', 'body.intoId must be a record id');
			return json(pipedrive().merge(entity(exchange), Number(exchange.params.id), body.intoId, changeOptions(body)));
		}))
		.add('control', 'POST', '/_sandbox/pipedrive/deliver', control(async (_exchange, body) => {
			if (typeof body.webhookId !== 'number') throw new SandboxError('BAD_INPUT', 'body.webhookId must be a webhook id');
			const auth = body.auth === null ? null : isObject(body.auth) ? { user: String(body.auth.user ?? ''), password: String(body.auth.password ?? '') } : undefined;
			return json(await pipedrive().deliver(body.webhookId, body.body ?? null, { auth, targetUrl: optionalString(body.targetUrl) }));
		}))
		.add('control', 'POST', '/_sandbox/pipedrive/redeliver/:deliveryId', control(async (exchange) => json(await pipedrive().redeliver(exchange.params.deliveryId))));
}

/** Only known keys, numbers for numbers and number arrays for `retryDelaysMs`. */
function behaviourPatch(body: JsonObject, numberKeys: string[]): Record<string, number | number[]> {
	const patch: Record<string, number | number[]> = {};
	for (const [key, value] of Object.entries(body)) {
		if (numberKeys.includes(key) && typeof value === 'number' && value >= 0) patch[key] = value;
		else if (key === 'retryDelaysMs' && Array.isArray(value) && value.every((v) => typeof v === 'number' && v >= 0)) patch[key] = value as number[];
		else throw new SandboxError('BAD_INPUT', `cannot configure ${key} = ${JSON.stringify(value)}`);
	}
	return patch;
}

function objectBody(exchange: Exchange): JsonObject {
	if (exchange.rawBody.trim() !== '' && exchange.json === undefined) throw new SandboxError('BAD_INPUT', 'body must be JSON');
	return isObject(exchange.json) ? exchange.json : {};
}

function isObject(value: JsonValue | undefined): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Typed values are plain JSON data; this only widens their static type. */
function json<T>(value: T): JsonValue {
	return value as unknown as JsonValue;
}

function optionalString(value: JsonValue | undefined): string | undefined {
	return typeof value === 'string' ? value : undefined;
}

function optionalProvider(value: string | null): Provider | 'unknown' | undefined {
	if (value === null) return undefined;
	if (value === 'unknown' || (PROVIDERS as readonly string[]).includes(value)) return value as Provider | 'unknown';
	throw new SandboxError('BAD_INPUT', `unknown provider ${value}`);
}

function deliveryFilter(exchange: Exchange): DeliveryFilter {
	const provider = optionalProvider(exchange.query.get('provider'));
	return {
		provider: provider === 'unknown' ? undefined : provider,
		state: (exchange.query.get('state') ?? undefined) as DeliveryState | undefined,
		targetUrl: exchange.query.get('targetUrl') ?? undefined,
	};
}

function failureRule(body: JsonObject): FailureRule {
	if (typeof body.pathPrefix !== 'string' || typeof body.status !== 'number') {
		throw new SandboxError('BAD_INPUT', 'a failure rule needs pathPrefix (string) and status (number)');
	}
	return {
		pathPrefix: body.pathPrefix,
		status: body.status,
		count: typeof body.count === 'number' ? body.count : 1,
		method: optionalString(body.method),
		...(body.body === undefined ? {} : { body: body.body }),
		...(isObject(body.headers) ? { headers: Object.fromEntries(Object.entries(body.headers).map(([k, v]) => [k, String(v)])) } : {}),
	};
}

function changeOptions(body: JsonObject): ChangeOptions {
	return {
		atMs: typeof body.atMs === 'number' ? body.atMs : undefined,
		changeSource: optionalString(body.changeSource),
		emit: body.emit === false ? false : undefined,
	};
}

function properties(body: JsonObject): Record<string, string | null> {
	const raw = body.properties;
	if (raw !== undefined && !isObject(raw)) throw new SandboxError('BAD_INPUT', 'body.properties must be an object');
	const result: Record<string, string | null> = {};
	for (const [name, value] of Object.entries(raw ?? {})) result[name] = value === null ? null : String(value);
	return result;
}

function fields(body: JsonObject): JsonObject {
	const raw = body.fields;
	if (raw !== undefined && !isObject(raw)) throw new SandboxError('BAD_INPUT', 'body.fields must be an object');
	return raw ?? {};
}

function entity(exchange: Exchange): PipedriveEntity {
	const name = exchange.params.entity;
	if (!(PIPEDRIVE_ENTITIES as readonly string[]).includes(name)) throw new SandboxError('BAD_INPUT', `unknown entity ${name}; use ${PIPEDRIVE_ENTITIES.join(', ')}`);
	return name as PipedriveEntity;
}
