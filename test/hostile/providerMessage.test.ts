/**
 * Hostile provider error bodies: the message the poller shows is read from a bounded part of the body, in one
 * forward pass. The work is counted (characters examined), not timed: it must not grow with the body past the
 * bound, and must grow linearly below it, for the shapes that made the old regular expressions quadratic.
 */
import { MAX_TEXT_BODY_CHARS, plainText, type ScanMeter } from '../../core/poller/plainText';
import { MAX_PROVIDER_MESSAGE_LENGTH, providerMessage } from '../../core/poller/retry';

const SHAPES: Array<{ name: string; unit: string }> = [
	{ name: "'‹' (single angle quotation mark)", unit: '‹' },
	{ name: "'<' with no '>' anywhere", unit: '<' },
	{ name: "'<script' with no closing tag", unit: '<script' },
	{ name: "'<style>' with no closing tag", unit: '<style>' },
	{ name: "'<a' then a single '>' at the very end", unit: '<a' },
	{ name: 'words between whitespace runs', unit: 'a \t\n ' },
];

function hostile(unit: string, chars: number): string {
	const body = unit.repeat(Math.ceil(chars / unit.length)).slice(0, chars);
	return unit === '<a' ? `${body}>` : body;
}

function readsFor(text: string): { reads: number; output: string } {
	const meter: ScanMeter = { reads: 0 };
	const output = providerMessage(502, text, meter);
	return { reads: meter.reads, output };
}

describe('provider error bodies built to be slow', () => {
	it.each(SHAPES)('200,000 × $name: a bounded message from a bounded amount of work', ({ unit }) => {
		const body = hostile(unit, 200_000);
		const message = providerMessage(502, body);
		expect(message.length).toBeLessThanOrEqual(MAX_PROVIDER_MESSAGE_LENGTH);
		const { reads } = readsFor(body);
		expect(reads).toBeGreaterThan(0);
		// Each pass reads each character of the bounded text a small number of times.
		expect(reads).toBeLessThanOrEqual(6 * MAX_TEXT_BODY_CHARS);
		expect(reads).toBe(readsFor(hostile(unit, 2_000_000)).reads);
	});

	it.each(SHAPES)('$name: the work grows linearly with the body below the bound', ({ unit }) => {
		const small = readsFor(hostile(unit, 8_000)).reads;
		const large = readsFor(hostile(unit, 32_000)).reads;
		expect(small).toBeGreaterThan(0);
		// Quadratic work would be 16 × for 4 × the input; linear is 4 × (plus a constant).
		expect(large).toBeLessThanOrEqual(4 * small + 64);
	});

	it('reads no further than the bound: text past it never reaches the message', () => {
		const body = `${'<br>'.repeat(MAX_TEXT_BODY_CHARS / 4)}past the bound`;
		expect(providerMessage(500, body)).toBe('the provider answered HTTP 500 without a message');
	});

	it('a huge JSON message is bounded before secrets are masked and the message cut', () => {
		const body = { message: `${'‹'.repeat(500_000)} token=abc` };
		expect(providerMessage(400, body)).toBe(`${'‹'.repeat(MAX_PROVIDER_MESSAGE_LENGTH - 1)}…`);
	});

	it('still reads an ordinary HTML error page the way it did', () => {
		const page =
			'<html><head><style>body{color:red}</style><script>var x = "<b>";</script></head>' +
			'<body><h1>502   Bad Gateway</h1><p>upstream <i>timed</i> out</p></body></html>';
		expect(plainText(page)).toBe('502 Bad Gateway upstream timed out');
		expect(plainText('a < b and c > d')).toBe('a d');
		expect(plainText('<SCRIPT type="x">alert(1)</Script >after')).toBe('after');
		expect(plainText('<script>never closed <b>bold</b> tail')).toBe('never closed bold tail');
	});
});
