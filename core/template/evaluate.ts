/** What a render passes beside the context. Core never reads the clock: `now` comes from here. */
export interface RenderOptions {
	/** Epoch milliseconds for the `now` helper; without it `now` renders empty. */
	nowMs?: number;
}

/** A compiled argument or expression: context in, value out. */
export type Evaluate = (context: unknown, options: RenderOptions) => unknown;
