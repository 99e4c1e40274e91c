import type { ICredentialsDisplayOptions, INodeProperties, NodeParameterValue } from 'n8n-workflow';

/**
 * The displayOptions of a node credential used for exactly one combination of option parameters, e.g.
 * `{ source: 'hubspot', authentication: 'apiKey' }`.
 *
 * Written as `hide` rules (each field's other values) rather than `show` rules. n8n's editor takes a
 * parameter that credentials' `show` rules depend on, when all its values pick a credential, for the node's
 * authentication field: it removes that parameter (and those it depends on) from the panel, asks for it in the
 * new-credential dialog, and lists the credentials of every type depending on it in one dropdown. With `hide`
 * rules the panel keeps every choice and each dropdown lists one credential type. n8n fills in defaults and drops
 * hidden parameters before it evaluates them, so the two forms select the same credential.
 */
export function credentialShownFor(
	wanted: Record<string, string>,
	properties: INodeProperties[],
): ICredentialsDisplayOptions {
	const hide: Record<string, NodeParameterValue[]> = {};
	for (const [field, value] of Object.entries(wanted)) {
		const values = properties
			.filter((property) => property.name === field)
			.flatMap((property) => property.options ?? [])
			.flatMap((option) => ('value' in option && typeof option.value === 'string' ? [option.value] : []));
		if (!values.includes(value)) throw new Error(`credentialShownFor: "${value}" is not an option of "${field}"`);
		const others = [...new Set(values.filter((other) => other !== value))];
		if (others.length > 0) hide[field] = others;
	}
	return { hide };
}
