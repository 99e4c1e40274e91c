import { DateTime } from 'luxon';

import { sha256 } from '../hash';
import type { RenderOptions } from './evaluate';
import { isEmptyValue, toJsonText, toText } from './text';
import { appendWithin, fitToBudget } from './truncate';

export const HELPER_NAMES = [
	'join',
	'default',
	'lowercase',
	'uppercase',
	'substring',
	'replace',
	'json',
	'sha256',
	'dateFormat',
	'now',
] as const;
export type HelperName = (typeof HELPER_NAMES)[number];

/**
 * `budget` is the template's output budget: a helper never builds text longer than that, and a result cut
 * there ends with the truncation marker.
 */
export type HelperFunction = (args: readonly unknown[], options: RenderOptions, budget: number) => unknown;

export interface HelperSpec {
	/** How a call is written, e.g. `substring value start [end]`. */
	usage: string;
	/** One line for the README. */
	description: string;
	minArgs: number;
	/** `Infinity` for variadic helpers. */
	maxArgs: number;
	run: HelperFunction;
}

/** Arrays nested deeper than this are joined as their JSON instead of being flattened further. */
const MAX_FLATTEN_DEPTH = 16;

/** `join`'s output as it grows: stops taking values once over the budget. */
class Joined {
	text = '';
	private empty = true;

	constructor(
		private readonly separator: string,
		private readonly budget: number,
	) {}

	get full(): boolean {
		return this.text.length > this.budget;
	}

	add(value: unknown, depth: number): void {
		if (Array.isArray(value) && depth < MAX_FLATTEN_DEPTH) {
			for (let index = 0; index < value.length && !this.full; index++) this.add(value[index], depth + 1);
			return;
		}
		if (this.full) return;
		const text = toText(value, this.budget);
		if (text === '') return;
		if (!this.empty) this.text = appendWithin(this.text, this.separator, this.budget);
		this.text = appendWithin(this.text, text, this.budget);
		this.empty = false;
	}
}

/** Every literal occurrence of `needle` in `text` replaced, building at most `budget` (+1) code units. */
function replaceWithin(text: string, needle: string, replacement: string, budget: number): string {
	let out = '';
	let from = 0;
	for (;;) {
		const at = text.indexOf(needle, from);
		if (at === -1) return fitToBudget(appendWithin(out, text.slice(from), budget), budget);
		out = appendWithin(appendWithin(out, text.slice(from, at), budget), replacement, budget);
		if (out.length > budget) return fitToBudget(out, budget);
		from = at + needle.length;
	}
}

/** An integer argument: numbers and numeric strings count, anything else is `fallback`. */
function toInteger(value: unknown, fallback: number | undefined): number | undefined {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof number === 'number' && Number.isFinite(number) ? Math.trunc(number) : fallback;
}

/**
 * Epoch milliseconds (number or digit string) or an ISO 8601 / `YYYY-MM-DD HH:MM:SS` string, as ISO 8601 UTC.
 * Strings without a zone are read as UTC, which is what both CRMs mean by them.
 */
export function toIsoDate(value: unknown): string {
	let millis: number;
	if (typeof value === 'number') {
		millis = value;
	} else if (typeof value === 'string') {
		const text = value.trim();
		if (/^-?\d+$/.test(text)) {
			millis = Number(text);
		} else {
			let parsed = DateTime.fromISO(text, { zone: 'utc' });
			if (!parsed.isValid) parsed = DateTime.fromSQL(text, { zone: 'utc' });
			if (!parsed.isValid) return '';
			millis = parsed.toMillis();
		}
	} else {
		return '';
	}
	if (!Number.isFinite(millis)) return '';
	const date = new Date(millis);
	return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}

/**
 * The helpers a template may call. Helpers receive evaluated arguments and never throw: anything they cannot
 * use renders as empty, because a template renders inside a webhook answer.
 */
export const HELPERS: Readonly<Record<HelperName, HelperSpec>> = {
	join: {
		usage: 'join sep ...values',
		description: 'Joins the values with `sep`, flattening arrays and skipping missing or empty values.',
		minArgs: 2,
		maxArgs: Infinity,
		run: (args, _options, budget) => {
			const joined = new Joined(toText(args[0], budget), budget);
			for (let index = 1; index < args.length && !joined.full; index++) joined.add(args[index], 0);
			return fitToBudget(joined.text, budget);
		},
	},
	default: {
		usage: 'default value fallback',
		description: '`value`, or `fallback` when `value` is missing, null or an empty string.',
		minArgs: 2,
		maxArgs: 2,
		run: ([value, fallback]) => (isEmptyValue(value) ? fallback : value),
	},
	lowercase: {
		usage: 'lowercase value',
		description: 'The value as lower-case text.',
		minArgs: 1,
		maxArgs: 1,
		// Case mapping can lengthen text ('ß' → 'SS'), so the result is fitted again.
		run: ([value], _options, budget) => fitToBudget(toText(value, budget).toLowerCase(), budget),
	},
	uppercase: {
		usage: 'uppercase value',
		description: 'The value as upper-case text.',
		minArgs: 1,
		maxArgs: 1,
		run: ([value], _options, budget) => fitToBudget(toText(value, budget).toUpperCase(), budget),
	},
	substring: {
		usage: 'substring value start [end]',
		description:
			'Characters `start` (inclusive) to `end` (exclusive) of the text, counted in code points; negative counts from the end.',
		minArgs: 2,
		maxArgs: 3,
		run: ([value, start, end], _options, budget) =>
			Array.from(toText(value, budget))
				.slice(toInteger(start, 0), toInteger(end, undefined))
				.join(''),
	},
	replace: {
		usage: 'replace value search replacement',
		description: 'Replaces every occurrence of the literal text `search` (no patterns) with `replacement`.',
		minArgs: 3,
		maxArgs: 3,
		run: ([value, search, replacement], _options, budget) => {
			const text = toText(value, budget);
			const needle = toText(search, budget);
			return needle === '' ? text : replaceWithin(text, needle, toText(replacement, budget), budget);
		},
	},
	json: {
		usage: 'json value',
		description: 'The value as JSON (strings quoted and escaped); `null` when missing. Use it inside JSON bodies.',
		minArgs: 1,
		maxArgs: 1,
		run: ([value], _options, budget) => (value === undefined ? 'null' : (toJsonText(value, budget) ?? 'null')),
	},
	sha256: {
		usage: 'sha256 value',
		description: 'Hex SHA-256 of the value as UTF-8 text; empty when the value is missing or empty.',
		minArgs: 1,
		maxArgs: 1,
		// Empty in, empty out: hashing '' would give every event without the field the same trace key, and the
		// de-duplication would then drop all but the first of them.
		// A string is hashed whole (nothing is built); other values as their JSON within the budget.
		run: ([value], _options, budget) => {
			const text = typeof value === 'string' ? value : toText(value, budget);
			return text === '' ? '' : sha256(text, 'hex');
		},
	},
	dateFormat: {
		usage: 'dateFormat msOrIso',
		description: 'Epoch milliseconds or a date string as ISO 8601 UTC (`2024-01-31T12:00:00.000Z`); empty when unreadable.',
		minArgs: 1,
		maxArgs: 1,
		run: ([value]) => toIsoDate(value),
	},
	now: {
		usage: 'now',
		description: 'The time of the render (the caller passes `nowMs`) as ISO 8601 UTC.',
		minArgs: 0,
		maxArgs: 0,
		run: (_args, options) => (options.nowMs === undefined ? '' : toIsoDate(options.nowMs)),
	},
};

export function isHelperName(name: string): name is HelperName {
	return (HELPER_NAMES as readonly string[]).includes(name);
}
