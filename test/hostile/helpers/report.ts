/** HOSTILE_REPORT=1 prints the suite's figures (cases tried, accepted, refused) for the README. */
export function report(line: string): void {
	if (process.env.HOSTILE_REPORT) process.stdout.write(`[hostile] ${line}\n`);
}
