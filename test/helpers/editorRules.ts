import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';

/**
 * How n8n's editor (editor-ui `utils/nodeTypesUtils.ts`, the same in n8n 1.x and 2.x) reads a node description to
 * decide which parameters leave the panel. Written out here so a node test can tell, without a browser, whether
 * the panel shows a parameter; the browser suite checks the editor itself.
 */

/** Parameters whose names credentials' `show` rules use (editor: getNodeAuthFields). */
export function editorAuthFields(description: INodeTypeDescription): INodeProperties[] {
	const names = new Set((description.credentials ?? []).flatMap((credential) => Object.keys(credential.displayOptions?.show ?? {})));
	return description.properties.filter((property) => names.has(property.name));
}

/**
 * The parameter the editor takes for the node's authentication field (editor: getMainAuthField): one named
 * `authentication` without a `none` option, else the first credential dependency all of whose values pick a credential.
 */
export function editorMainAuthField(description: INodeTypeDescription): INodeProperties | null {
	const fields = editorAuthFields(description);
	const named = fields.find(
		(field) => field.name === 'authentication' && !(field.options ?? []).some((option) => 'value' in option && option.value === 'none'),
	);
	if (named) return named;
	const used: Record<string, string[]> = {};
	for (const credential of description.credentials ?? []) {
		for (const [name, values] of Object.entries(credential.displayOptions?.show ?? {})) {
			used[name] = (used[name] ?? []).concat((values ?? []).map((value) => (value ? String(value) : '')));
		}
	}
	return (
		fields.find((field) =>
			(field.options ?? []).every(
				(option) => !('value' in option) || typeof option.value !== 'string' || (used[field.name] ?? []).includes(option.value),
			),
		) ?? null
	);
}

/** Names of the parameters the editor removes from the panel as authentication fields (editor: ParameterInputList). */
export function editorHiddenAuthParameters(description: INodeTypeDescription): string[] {
	const main = editorMainAuthField(description);
	if (!main) return [];
	const related = editorAuthFields(description).flatMap((field) => Object.keys(field.displayOptions?.show ?? {}));
	return [...new Set([main.name, ...related])].filter((name) => description.properties.some((p) => p.name === name));
}

/** Credential types the editor lists together in one dropdown (editor: useNodeCredentialOptions, mixed credentials). */
export function editorMixedCredentialTypes(description: INodeTypeDescription): string[] {
	const main = editorMainAuthField(description);
	if (!main) return [];
	return (description.credentials ?? []).filter((c) => c.displayOptions?.show?.[main.name] !== undefined).map((c) => c.name);
}
