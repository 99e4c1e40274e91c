import type { HelperName } from './helpers';

export type LiteralValue = string | number | boolean | null;

export type Term =
	/** `segments` is empty for `this`. `name` is set for a bare single-segment path that could name a helper. */
	| { kind: 'path'; segments: string[]; name?: string; position: number }
	| { kind: 'literal'; value: LiteralValue; position: number }
	| { kind: 'call'; helper: HelperName; args: Term[]; position: number };

export type Part = { kind: 'text'; text: string } | { kind: 'expression'; term: Term };
