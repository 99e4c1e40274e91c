/**
 * A node's documentation link: its README section, written in the node's codex (`primaryDocumentation`,
 * kept in step with package.json by `npm run metadata`). The description repeats it as `documentationUrl`
 * because n8n's editor appends its tracking query (`?utm_source=…`) to a codex link, after the `#anchor`,
 * which breaks the anchor; a `documentationUrl` starting with `http` is opened as it is (n8n 1.x and 2.x).
 */
export function documentationUrlOf(codex: { resources: { primaryDocumentation: Array<{ url: string }> } }): string {
	return codex.resources.primaryDocumentation[0]?.url ?? '';
}
