import { IANAZone } from 'luxon';

/**
 * Time zones as poller configurations write them (`…DateTimezone`, `${dateTimeZone:ZONE:FMT}`), resolved to
 * names Luxon accepts. Java's `TimeZone.getTimeZone` silently reads anything it does not know as GMT, which
 * shifts every date by hours without a word; we refuse instead.
 * https://docs.oracle.com/javase/8/docs/api/java/util/TimeZone.html
 */

export const ZONE_ERROR_CODES = ['UNKNOWN_ZONE', 'OFFSET_OUT_OF_RANGE'] as const;
export type ZoneErrorCode = (typeof ZONE_ERROR_CODES)[number];

export class ZoneError extends Error {
	constructor(
		readonly code: ZoneErrorCode,
		readonly input: string,
		message: string,
	) {
		super(message);
		this.name = 'ZoneError';
	}
}

const UTC_NAMES = new Set(['GMT', 'UTC', 'UT', 'Z']);

/** Java's three fixed-offset ids (no daylight saving), kept with Java's meaning. */
const JAVA_FIXED: Record<string, string> = { EST: 'UTC-5', MST: 'UTC-7', HST: 'UTC-10' };

/**
 * Java's other three-letter ids. The ICU data behind Intl accepts them too, but they are not tz database
 * names and several are ambiguous to a reader (BST is Dhaka, not British Summer Time; IST is Kolkata), so
 * we ask for the full name Java would have used.
 */
const JAVA_SHORT_IDS: Record<string, string> = {
	ACT: 'Australia/Darwin',
	AET: 'Australia/Sydney',
	AGT: 'America/Argentina/Buenos_Aires',
	ART: 'Africa/Cairo',
	AST: 'America/Anchorage',
	BET: 'America/Sao_Paulo',
	BST: 'Asia/Dhaka',
	CAT: 'Africa/Harare',
	CNT: 'America/St_Johns',
	CST: 'America/Chicago',
	CTT: 'Asia/Shanghai',
	EAT: 'Africa/Addis_Ababa',
	ECT: 'Europe/Paris',
	IET: 'America/Indiana/Indianapolis',
	IST: 'Asia/Kolkata',
	JST: 'Asia/Tokyo',
	MIT: 'Pacific/Apia',
	NET: 'Asia/Yerevan',
	NST: 'Pacific/Auckland',
	PLT: 'Asia/Karachi',
	PNT: 'America/Phoenix',
	PRT: 'America/Puerto_Rico',
	PST: 'America/Los_Angeles',
	SST: 'Pacific/Guadalcanal',
	VST: 'Asia/Ho_Chi_Minh',
};

/** `+5`, `-08`, `+5:30`, `-08:00`, with an optional `GMT`/`UTC` prefix as in Java's custom ids. */
const OFFSET_WITH_COLON = /^(?:GMT|UTC)?([+-])(\d{1,2})(?::(\d{2}))?$/i;
/** `+0530`, `GMT-0800`. */
const OFFSET_COMPACT = /^(?:GMT|UTC)?([+-])(\d{2})(\d{2})$/i;

const MAX_OFFSET_MINUTES = 18 * 60;

function fixedOffset(input: string): string | undefined {
	const match = OFFSET_WITH_COLON.exec(input) ?? OFFSET_COMPACT.exec(input);
	if (match === null) return undefined;
	const [, sign, hoursText, minutesText] = match;
	const hours = Number(hoursText);
	const minutes = minutesText === undefined ? 0 : Number(minutesText);
	if (minutes > 59 || hours * 60 + minutes > MAX_OFFSET_MINUTES) {
		throw new ZoneError('OFFSET_OUT_OF_RANGE', input, `offset ${JSON.stringify(input)} is out of range (-18:00 to +18:00)`);
	}
	if (hours === 0 && minutes === 0) return 'UTC';
	// Luxon's fixed-offset zone names: `UTC+5`, `UTC-5:30`.
	return `UTC${sign}${hours}${minutes === 0 ? '' : `:${String(minutes).padStart(2, '0')}`}`;
}

/** A Luxon zone name for a configured zone, or a `ZoneError` saying what to write instead. */
export function resolveZone(input: string): string {
	const text = input.trim();
	const upper = text.toUpperCase();
	if (UTC_NAMES.has(upper)) return 'UTC';
	const fixed = JAVA_FIXED[upper];
	if (fixed !== undefined) return fixed;
	const offset = fixedOffset(text);
	if (offset !== undefined) return offset;
	const javaName = Object.hasOwn(JAVA_SHORT_IDS, upper) ? JAVA_SHORT_IDS[upper] : undefined;
	if (javaName !== undefined) {
		throw new ZoneError(
			'UNKNOWN_ZONE',
			input,
			`time zone ${JSON.stringify(input)} is a Java abbreviation; Java reads it as ${javaName}: write "${javaName}" instead`,
		);
	}
	if (text !== '' && IANAZone.isValidZone(text)) {
		// The usual capitals (`america/new_york` → `America/New_York`), but never another name for the zone:
		// ICU's canonical name for Asia/Kolkata is the older Asia/Calcutta.
		const canonical = new Intl.DateTimeFormat('en-US', { timeZone: text }).resolvedOptions().timeZone;
		return canonical.toLowerCase() === text.toLowerCase() ? canonical : text;
	}
	throw new ZoneError(
		'UNKNOWN_ZONE',
		input,
		`unknown time zone ${JSON.stringify(input)}; use GMT/UTC, an IANA name such as "America/New_York", EST/MST/HST or an offset such as "-08:00"`,
	);
}
