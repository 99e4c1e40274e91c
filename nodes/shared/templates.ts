import { NodeOperationError, type INode } from 'n8n-workflow';

import { BoundedCache } from '../../core/cache';
import { compileTemplate, TemplateError, type CompiledTemplate } from '../../core/template';

/**
 * Templates are compiled once per distinct source and reused by every request of every workflow that
 * uses the same text. The cache is bounded so a workflow that changes its templates often cannot grow it.
 */
const cache = new BoundedCache<string, CompiledTemplate>(256);

export function compileCached(source: string, maxLength?: number): CompiledTemplate {
	return cache.getOrCreate(`${maxLength ?? ''}\u0000${source}`, () =>
		compileTemplate(source, maxLength === undefined ? undefined : { maxLength }),
	);
}

/** Compiles a template from a node option, turning a syntax error into a message the user can act on. */
export function compileOption(node: INode, optionName: string, source: string, maxLength?: number): CompiledTemplate {
	try {
		return compileCached(source, maxLength);
	} catch (error) {
		if (error instanceof TemplateError) {
			throw new NodeOperationError(node, `${optionName}: ${error.message}`, {
				description: `Fix the template in the node's "${optionName}" option. Supported syntax: {{path.to.value}} and helpers such as {{join "_" portalId objectId}} (see the README).`,
			});
		}
		throw new NodeOperationError(node, `${optionName}: the template could not be compiled`);
	}
}
