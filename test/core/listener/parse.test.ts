import { isJsonMediaType, mediaTypeOf, parseDelivery, type ParseResult } from '../../../core/listener';
import cases from '../../fixtures/listener/parse-cases.json';

interface Case {
	name: string;
	body?: string;
	bodyHex?: string;
	contentType: string;
	expected: ParseResult;
}

describe('parseDelivery', () => {
	test.each(cases as Case[])('$name', ({ body, bodyHex, contentType, expected }) => {
		const raw = bodyHex === undefined ? Buffer.from(body ?? '', 'utf8') : Buffer.from(bodyHex, 'hex');
		expect(parseDelivery(raw, contentType)).toEqual(expected);
	});
});

describe('media types', () => {
	test.each([
		{ header: 'application/json; charset=utf-8', type: 'application/json', json: true },
		{ header: ' Application/JSON ', type: 'application/json', json: true },
		{ header: undefined, type: '', json: true },
		{ header: 'application/problem+json', type: 'application/problem+json', json: true },
		{ header: 'text/json', type: 'text/json', json: false },
		{ header: 'multipart/form-data; boundary=x', type: 'multipart/form-data', json: false },
	])('$header → $type (JSON: $json)', ({ header, type, json }) => {
		expect(mediaTypeOf(header)).toBe(type);
		expect(isJsonMediaType(type)).toBe(json);
	});
});
