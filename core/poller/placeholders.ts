import { attempt } from './attempt';
import { dateFormatFromString, formatDate } from './dates';
import { PatternError } from './javaPattern';
import { isJsonObject, joinPath } from './paths';
import type { DateField, DateFormat, ResourceConfig } from './types';
import { PollerConfigError } from './types';
import { resolveZone, ZoneError } from './zones';

/**
 * `${…}` placeholders in a resource's URL and body, filled with the cursor at request time (the Cloud Elements
 * poller's placeholder names, listed in the README's "Poller configuration" section).
 */

export type PlaceholderContext = {
	/** The cursor with the resource's pollDelay already subtracted. */
	cursorMs: number;
	resource: ResourceConfig;
};

export const EPOCH_UNITS = ['s', 'ms', 'us'] as const;
export type EpochUnit = (typeof EPOCH_UNITS)[number];

type Placeholder =
	/** `${date}`: the cursor in the filter field's own format and zone. */
	| { kind: 'cursor' }
	/** `${date:FMT}` (zone undefined = the resource's), `${gmtDate:FMT}`, `${dateTimeZone:ZONE:FMT}`. */
	| { kind: 'date'; format: DateFormat; zone: string | undefined }
	| { kind: 'epoch'; unit: EpochUnit };

type Part = string | Placeholder;

const USAGE = 'use ${date}, ${date:FMT}, ${gmtDate:FMT}, ${dateTimeZone:ZONE:FMT}, ${epoch} or ${epoch:s|ms|us}';

/** The longest text of an unterminated placeholder quoted back. */
const MAX_ECHO = 60;

function isEpochUnit(text: string): text is EpochUnit {
	return (EPOCH_UNITS as readonly string[]).includes(text);
}

/** An offset zone is followed by its own colon (`-8:00:HH:mm`): take it whole before splitting off FMT. */
const OFFSET_ZONE_PREFIX = /^((?:GMT|UTC)?[+-]\d{1,2}:\d{2}):/i;
const OFFSET_ZONE_ONLY = /^(?:GMT|UTC)?[+-]\d{1,2}(?::\d{2})?$/i;

function readFormat(text: string, raw: string, path: string): DateFormat {
	const result = attempt(() => dateFormatFromString(text));
	if (result.ok) return result.value;
	if (result.error instanceof PatternError) {
		throw new PollerConfigError('INVALID_PATTERN', path, `${result.error.message} in placeholder "${raw}"`);
	}
	throw result.error;
}

function readZone(text: string, raw: string, path: string): string {
	const result = attempt(() => resolveZone(text));
	if (result.ok) return result.value;
	if (result.error instanceof ZoneError) {
		throw new PollerConfigError('UNKNOWN_ZONE', path, `${result.error.message} in placeholder "${raw}"`);
	}
	throw result.error;
}

function parsePlaceholder(inner: string, raw: string, path: string): Placeholder {
	const colon = inner.indexOf(':');
	const name = colon < 0 ? inner : inner.slice(0, colon);
	const argument = colon < 0 ? undefined : inner.slice(colon + 1);
	const needs = (what: string): PollerConfigError =>
		new PollerConfigError('UNKNOWN_PLACEHOLDER', path, `placeholder "${raw}" needs ${what}`);
	switch (name) {
		case 'date':
			if (argument === undefined) return { kind: 'cursor' };
			if (argument === '') throw needs('a date format after the colon, as in ${date:yyyy-MM-dd}');
			return { kind: 'date', format: readFormat(argument, raw, path), zone: undefined };
		case 'gmtDate':
			if (argument === undefined || argument === '') throw needs('a date format, as in ${gmtDate:yyyy-MM-dd}');
			return { kind: 'date', format: readFormat(argument, raw, path), zone: 'UTC' };
		case 'dateTimeZone': {
			const usage = 'a zone and a date format, as in ${dateTimeZone:America/New_York:yyyy-MM-dd}';
			if (argument === undefined || OFFSET_ZONE_ONLY.test(argument)) throw needs(usage);
			const offset = OFFSET_ZONE_PREFIX.exec(argument);
			const split = offset !== null ? offset[1].length : argument.indexOf(':');
			if (split <= 0 || split + 1 >= argument.length) throw needs(usage);
			const zone = readZone(argument.slice(0, split), raw, path);
			return { kind: 'date', format: readFormat(argument.slice(split + 1), raw, path), zone };
		}
		case 'epoch':
			if (argument === undefined) return { kind: 'epoch', unit: 'ms' };
			if (isEpochUnit(argument)) return { kind: 'epoch', unit: argument };
			throw new PollerConfigError('UNKNOWN_PLACEHOLDER', path, `unknown placeholder "${raw}": \${epoch:…} takes s, ms or us`);
		default:
			throw new PollerConfigError('UNKNOWN_PLACEHOLDER', path, `unknown placeholder "${raw}"; ${USAGE}`);
	}
}

/**
 * Splits text into literal strings and placeholders. A placeholder ends at the first `}` (so a date format
 * inside one cannot contain `}`).
 */
function parseTemplate(text: string, path: string): Part[] {
	const parts: Part[] = [];
	let from = 0;
	for (;;) {
		const start = text.indexOf('${', from);
		if (start < 0) break;
		const end = text.indexOf('}', start + 2);
		if (end < 0) {
			const rest = text.slice(start, start + MAX_ECHO);
			const shown = rest.length < text.length - start ? `${rest}…` : rest;
			throw new PollerConfigError('UNKNOWN_PLACEHOLDER', path, `unterminated placeholder "${shown}" (no closing "}")`);
		}
		if (start > from) parts.push(text.slice(from, start));
		parts.push(parsePlaceholder(text.slice(start + 2, end), text.slice(start, end + 1), path));
		from = end + 1;
	}
	if (from < text.length) parts.push(text.slice(from));
	return parts;
}

/** Throws a `PollerConfigError` (UNKNOWN_PLACEHOLDER, INVALID_PATTERN or UNKNOWN_ZONE) naming `path`. */
export function validatePlaceholders(text: string, path: string): void {
	parseTemplate(text, path);
}

/** Validates the placeholders of every string inside a JSON value (a request body). */
export function validateJsonPlaceholders(value: unknown, path: string): void {
	if (typeof value === 'string') validatePlaceholders(value, path);
	else if (Array.isArray(value)) value.forEach((item, index) => validateJsonPlaceholders(item, joinPath(path, index)));
	else if (isJsonObject(value)) {
		for (const [key, item] of Object.entries(value)) validateJsonPlaceholders(item, joinPath(path, key));
	}
}

/** The date field the cursor tracks: updated, or created when the resource filters by created date. */
function cursorField(resource: ResourceConfig): DateField {
	return resource.filterByUpdatedDate ? resource.updated : resource.created;
}

function render(placeholder: Placeholder, ctx: PlaceholderContext): string {
	const ms = ctx.cursorMs;
	switch (placeholder.kind) {
		case 'cursor': {
			const field = cursorField(ctx.resource);
			return formatDate(ms, field.format, field.zone);
		}
		case 'date':
			return formatDate(ms, placeholder.format, placeholder.zone ?? cursorField(ctx.resource).zone);
		case 'epoch':
			if (placeholder.unit === 's') return String(Math.floor(ms / 1000));
			return placeholder.unit === 'ms' ? String(Math.trunc(ms)) : String(Math.trunc(ms) * 1000);
	}
}

function expandText(text: string, ctx: PlaceholderContext, path: string, encode: (value: string) => string): string {
	if (!text.includes('${')) return text;
	return parseTemplate(text, path)
		.map((part) => (typeof part === 'string' ? part : encode(render(part, ctx))))
		.join('');
}

/** The URL with every placeholder replaced by its URL-encoded value (so `+` in an offset survives). */
export function expandUrl(url: string, ctx: PlaceholderContext): string {
	return expandText(url, ctx, joinPath(ctx.resource.name, 'url'), encodeURIComponent);
}

/**
 * A copy of the body with placeholders expanded inside its strings (keys are left alone). The values are
 * plain strings in the copy; JSON serialisation escapes them when the request is sent.
 */
export function expandBody(body: unknown, ctx: PlaceholderContext): unknown {
	const walk = (value: unknown, path: string): unknown => {
		if (typeof value === 'string') return expandText(value, ctx, path, (v) => v);
		if (Array.isArray(value)) return value.map((item, index) => walk(item, joinPath(path, index)));
		if (isJsonObject(value)) {
			// fromEntries defines own properties, so a `__proto__` key stays data.
			return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, walk(item, joinPath(path, key))]));
		}
		return value;
	};
	return walk(body, joinPath(ctx.resource.name, 'body'));
}
