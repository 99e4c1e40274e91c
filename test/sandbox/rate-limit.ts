// A sliding one-second window per caller: "at most N calls in any second".
export class SecondlyLimit {
	private readonly calls = new Map<string, number[]>();

	/** Record a call; false when it exceeds `perSecond` (0 = unlimited). */
	allow(caller: string, nowMs: number, perSecond: number): boolean {
		if (perSecond <= 0) return true;
		const recent = (this.calls.get(caller) ?? []).filter((at) => nowMs - at < 1000);
		const allowed = recent.length < perSecond;
		if (allowed) recent.push(nowMs);
		this.calls.set(caller, recent);
		return allowed;
	}

	clear(): void {
		this.calls.clear();
	}
}
