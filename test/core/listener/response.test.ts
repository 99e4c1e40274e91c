import {
	buildRejection,
	buildSuccessResponse,
	FALLBACK_REASON,
	ListenerError,
	validateStatusCode,
	type ListenerCounts,
	type RejectionStatus,
	type ResponseMediaType,
} from '../../../core/listener';
import { compileTemplate } from '../../../core/template';

const counts: ListenerCounts = { received: 5, filtered: 1, duplicates: 2, emitted: 2 };
const context = { counts, traceKeys: ['k1', 'k"2'], nowMs: 1_700_000_000_000 };

describe('buildSuccessResponse: default bodies', () => {
	it.each([
		{
			name: 'JSON',
			mediaType: 'application/json',
			contentType: 'application/json; charset=utf-8',
			body: '{"status":"accepted","received":5,"emitted":2}',
		},
		{
			name: 'XML',
			mediaType: 'application/xml',
			contentType: 'application/xml; charset=utf-8',
			body: '<?xml version="1.0" encoding="UTF-8"?><response><status>accepted</status><received>5</received><emitted>2</emitted></response>',
		},
		{ name: 'plain text', mediaType: 'text/plain', contentType: 'text/plain; charset=utf-8', body: 'accepted' },
	] as Array<{ name: string; mediaType: ResponseMediaType; contentType: string; body: string }>)(
		'$name',
		({ mediaType, contentType, body }) => {
			expect(buildSuccessResponse({ statusCode: 200, mediaType }, context)).toEqual({
				status: 200,
				headers: { 'content-type': contentType },
				body,
			});
		},
	);

	it('the JSON default body parses', () => {
		const { body } = buildSuccessResponse({ statusCode: 202, mediaType: 'application/json' }, context);
		expect(JSON.parse(body ?? '')).toEqual({ status: 'accepted', received: 5, emitted: 2 });
	});
});

describe('buildSuccessResponse: body templates', () => {
	it.each([
		{
			name: 'JSON with counts and keys',
			mediaType: 'application/json',
			template: '{"ok":true,"accepted":{{counts.emitted}},"dropped":{{counts.duplicates}},"keys":{{json traceKeys}} }',
			body: '{"ok":true,"accepted":2,"dropped":2,"keys":["k1","k\\"2"] }',
		},
		{
			name: 'XML with counts',
			mediaType: 'application/xml',
			template: '<ack received="{{counts.received}}" filtered="{{counts.filtered}}"/>',
			body: '<ack received="5" filtered="1"/>',
		},
		{ name: 'text with status and time', mediaType: 'text/plain', template: '{{statusCode}} at {{now}}', body: '201 at 2023-11-14T22:13:20.000Z' },
		{ name: 'first trace key', mediaType: 'text/plain', template: '{{traceKeys.0}}', body: 'k1' },
		{ name: 'nothing but the counts and keys is visible', mediaType: 'text/plain', template: '[{{secret}}{{fields}}{{header}}]', body: '[]' },
	] as Array<{ name: string; mediaType: ResponseMediaType; template: string; body: string }>)('$name', ({ mediaType, template, body }) => {
		const reply = buildSuccessResponse({ statusCode: 201, mediaType, bodyTemplate: compileTemplate(template) }, context);
		expect(reply).toEqual({ status: 201, headers: { 'content-type': `${mediaType}; charset=utf-8` }, body });
	});
});

describe('buildSuccessResponse: status codes', () => {
	it.each([
		{ name: '204 with a template', statusCode: 204, bodyTemplate: compileTemplate('x') },
		{ name: '204 without a template', statusCode: 204, bodyTemplate: undefined },
		{ name: '205', statusCode: 205, bodyTemplate: undefined },
	])('$name sends no body and no content type', ({ statusCode, bodyTemplate }) => {
		expect(buildSuccessResponse({ statusCode, mediaType: 'application/json', bodyTemplate }, context)).toEqual({
			status: statusCode,
			headers: {},
			body: undefined,
		});
	});

	it.each([200, 201, 202, 203, 206, 208, 226, 299].map((statusCode) => ({ statusCode })))('accepts $statusCode', ({ statusCode }) => {
		expect(validateStatusCode(statusCode)).toBe(statusCode);
		expect(buildSuccessResponse({ statusCode, mediaType: 'text/plain' }, context).status).toBe(statusCode);
	});

	it.each([
		{ name: '199', statusCode: 199 },
		{ name: '300', statusCode: 300 },
		{ name: '302 redirect', statusCode: 302 },
		{ name: '401', statusCode: 401 },
		{ name: '500', statusCode: 500 },
		{ name: 'zero', statusCode: 0 },
		{ name: 'fraction', statusCode: 200.5 },
		{ name: 'NaN', statusCode: Number.NaN },
	])('refuses $name', ({ statusCode }) => {
		expect(() => validateStatusCode(statusCode)).toThrow(expect.objectContaining({ code: 'INVALID_STATUS_CODE' }));
		expect(() => buildSuccessResponse({ statusCode, mediaType: 'text/plain' }, context)).toThrow(ListenerError);
	});
});

describe('buildRejection', () => {
	it.each([
		{ status: 400, reason: 'invalid-json', error: 'bad-request' },
		{ status: 401, reason: 'bad-signature', error: 'unauthorized' },
		{ status: 401, reason: 'stale-timestamp', error: 'unauthorized' },
		{ status: 413, reason: 'body-too-large', error: 'payload-too-large' },
		{ status: 415, reason: 'unsupported-media-type', error: 'unsupported-media-type' },
		{ status: 500, reason: 'raw-body-unavailable', error: 'internal-error' },
	] as Array<{ status: RejectionStatus; reason: string; error: string }>)('$status $reason', ({ status, reason, error }) => {
		expect(buildRejection(status, reason)).toEqual({
			status,
			headers: { 'content-type': 'application/json; charset=utf-8' },
			body: JSON.stringify({ error, reason }),
		});
	});

	it.each([
		{ name: 'free text quoting a secret', reason: 'bad signature: expected 9569219f8ba981ffa6 got abc', secretPart: '9569219f8ba981ffa6' },
		{ name: 'a secret with a colon', reason: 'secret:yyyyyyyy-yyyy', secretPart: 'yyyyyyyy' },
		{ name: 'JSON injection', reason: 'x","secret":"hunter2', secretPart: 'hunter2' },
		{ name: 'upper case', reason: 'Bad-Signature', secretPart: 'Bad' },
		{ name: 'very long code', reason: `a-${'b'.repeat(60)}`, secretPart: 'bbbb' },
		{ name: 'newline', reason: 'bad-signature\nSet-Cookie: x', secretPart: 'Cookie' },
		{ name: 'empty', reason: '', secretPart: '""' },
	])('replaces a reason that is not a code: $name', ({ reason, secretPart }) => {
		const reply = buildRejection(401, reason);
		expect(JSON.parse(reply.body ?? '')).toEqual({ error: 'unauthorized', reason: FALLBACK_REASON });
		expect(reply.body).not.toContain(secretPart);
	});

	it.each([{ status: 200 }, { status: 403 }, { status: 404 }, { status: 502 }])('refuses status $status', ({ status }) => {
		expect(() => buildRejection(status as RejectionStatus, 'bad-signature')).toThrow(
			expect.objectContaining({ code: 'INVALID_REJECTION_STATUS' }),
		);
	});
});
