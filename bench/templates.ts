/**
 * Benchmark 3, templates: trace-key renders per second with our compiled templates versus Handlebars compiling
 * the same template (with equivalent helpers registered), over the items of a 100-event delivery. Both outputs
 * are checked equal first. Compile time (Handlebars compiles on first render) is reported beside.
 */
import Handlebars from 'handlebars';

import { normaliseHubSpotDelivery } from '../core/events/hubspot';
import { compileTemplate } from '../core/template';
import { deliveryEvents } from './deliveries';
import { format, interleave, log, median, ratio, report, spread, timeBatch } from './measure';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const LOOPS = 200;
const COMPILES = 2_000;

const TEMPLATES = [
	{ name: 'paths', source: '{{portalId}}-{{subscriptionType}}-{{objectId}}-{{occurredAt}}' },
	{ name: 'join helper', source: '{{join "_" portalId objectId propertyName}}' },
	{ name: 'nested helpers', source: '{{lowercase subscriptionType}}:{{default propertyName "none"}}:{{objectId}}' },
];

const isEmpty = (value: unknown) => value === undefined || value === null || value === '';

/** Handlebars with the helpers our templates offer, same semantics for these inputs. */
function handlebars(): typeof Handlebars {
	const env = Handlebars.create();
	env.registerHelper('join', (separator: unknown, ...rest: unknown[]) =>
		rest
			.slice(0, -1)
			.filter((value) => !isEmpty(value))
			.map(String)
			.join(String(separator)),
	);
	env.registerHelper('lowercase', (value: unknown) => (isEmpty(value) ? '' : String(value).toLowerCase()));
	env.registerHelper('default', (value: unknown, fallback: unknown) => (isEmpty(value) ? fallback : value));
	return env;
}

async function main(): Promise<void> {
	const normalised = normaliseHubSpotDelivery(deliveryEvents(7), { nowMs: Date.now(), rawBodySha256: 'x' });
	if (!normalised.ok) throw new Error('delivery did not normalise');
	// What a trace-key template renders against: the item's fields with the normalised header on top.
	const contexts = normalised.events.map((event) => ({ ...event.fields, ...event.header }));
	const env = handlebars();
	const rows: Array<Record<string, unknown>> = [];

	for (const template of TEMPLATES) {
		const ours = compileTemplate(template.source, { maxLength: 128 });
		const theirs = env.compile(template.source, { noEscape: true });
		for (const context of contexts) {
			const a = ours.render(context);
			const b = theirs(context);
			if (a !== b) throw new Error(`${template.name}: outputs differ: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
		}
		let sink = 0;
		const renders = contexts.length * LOOPS;
		const renderOurs = () =>
			timeBatch(renders, () => {
				for (let loop = 0; loop < LOOPS; loop++) for (const context of contexts) sink += ours.render(context).length;
			});
		const renderTheirs = () =>
			timeBatch(renders, () => {
				for (let loop = 0; loop < LOOPS; loop++) for (const context of contexts) sink += theirs(context).length;
			});
		const compileOurs = () =>
			timeBatch(COMPILES, () => {
				for (let index = 0; index < COMPILES; index++) sink += compileTemplate(template.source, { maxLength: 128 }).render(contexts[0]).length;
			});
		const compileTheirs = () =>
			timeBatch(COMPILES, () => {
				for (let index = 0; index < COMPILES; index++) sink += env.compile(template.source, { noEscape: true })(contexts[0]).length;
			});
		for (let warm = 0; warm < 3; warm++) {
			await renderOurs();
			await renderTheirs();
		}
		const [oursRender, theirsRender, oursCompile, theirsCompile] = await interleave(ROUNDS, [
			{ name: 'ours render', run: renderOurs },
			{ name: 'handlebars render', run: renderTheirs },
			{ name: 'ours compile + first render', run: compileOurs },
			{ name: 'handlebars compile + first render', run: compileTheirs },
		]);
		if (sink === 0) throw new Error('no output');
		const row = {
			template: template.name,
			source: template.source,
			oursRenderNs: median(oursRender.runs),
			handlebarsRenderNs: median(theirsRender.runs),
			oursCompileNs: median(oursCompile.runs),
			handlebarsCompileNs: median(theirsCompile.runs),
		};
		rows.push(row);
		log(
			`${template.name.padEnd(15)} render: ours ${format(row.oursRenderNs)} (${spread(oursRender.runs)}), Handlebars ${format(row.handlebarsRenderNs)} ` +
				`(${spread(theirsRender.runs)}) → ours ${ratio(row.oursRenderNs, row.handlebarsRenderNs)} Handlebars' time, ` +
				`${((1e9 / row.oursRenderNs) / 1e6).toFixed(2)} M renders/s vs ${((1e9 / row.handlebarsRenderNs) / 1e6).toFixed(2)} M; ` +
				`compile + first render: ours ${format(row.oursCompileNs)}, Handlebars ${format(row.handlebarsCompileNs)} (${ratio(row.oursCompileNs, row.handlebarsCompileNs)})`,
		);
	}
	report('templates', { rounds: ROUNDS, rendersPerRun: 100 * LOOPS, handlebars: Handlebars.VERSION, rows });
}

main().catch((error: unknown) => {
	log(error instanceof Error ? (error.stack ?? error.message) : String(error));
	process.exit(1);
});
