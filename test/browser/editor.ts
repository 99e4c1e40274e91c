// The n8n editor driven by Debian's headless Chromium through playwright-core: what a user clicks and sees.
// Selectors are n8n's own `data-test-id` attributes (the same in the 1.x and 2.x editors) or visible text.
// Waits are for something to appear, never fixed sleeps.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { chromium, selectors, type Browser, type Locator, type Page } from 'playwright-core';

import { CHROMIUM_ARGS } from '../../scripts/chromium';

export interface EditorOptions {
	executablePath: string;
	baseUrl: string;
	email: string;
	password: string;
	/** Folder for screenshots (created when needed). */
	screenshotDir: string;
}

/** Collapse whitespace. */
export function squash(text: string | null): string {
	return (text ?? '').replace(/\s+/g, ' ').trim();
}

let testIdSet = false;

/** The editor is a large single-page app: on a busy 2-core machine its first load can take most of a minute. */
const LOAD = { waitUntil: 'domcontentloaded', timeout: 90_000 } as const;

export class Editor {
	private constructor(
		private readonly browser: Browser,
		readonly page: Page,
		private readonly options: EditorOptions,
	) {}

	/** Launch Chromium (installed by the e2e global setup) and sign in as `email`. */
	static async open(options: EditorOptions): Promise<Editor> {
		if (!testIdSet) {
			selectors.setTestIdAttribute('data-test-id');
			testIdSet = true;
		}
		// Playwright gives each launch a new, empty profile; the flags keep Chromium off the network.
		const browser = await chromium.launch({ executablePath: options.executablePath, args: CHROMIUM_ARGS, headless: true });
		try {
			const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
			const page = await context.newPage();
			page.setDefaultTimeout(30_000);
			// Leaving a workflow with unsaved changes asks "Leave without saving?": yes.
			page.on('dialog', (dialog) => void dialog.accept());
			const editor = new Editor(browser, page, options);
			await editor.signIn();
			return editor;
		} catch (error) {
			await browser.close();
			throw error;
		}
	}

	async close(): Promise<void> {
		await this.browser.close();
	}

	private async signIn(): Promise<void> {
		const { page, options } = this;
		await page.goto(`${options.baseUrl}/signin`, LOAD);
		await page.getByTestId('emailOrLdapLoginId').locator('input').fill(options.email);
		await page.getByTestId('password').locator('input').fill(options.password);
		await page.getByTestId('form-submit-button').click();
		await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 60_000 });
	}

	/** Save a PNG of the page (or of one element) in the screenshot folder; returns its path. */
	async screenshot(name: string, target?: Locator): Promise<string> {
		mkdirSync(this.options.screenshotDir, { recursive: true });
		const path = join(this.options.screenshotDir, `${name}.png`);
		// Toasts and tooltips come and go: hide them so pictures show only the panel.
		const style = await this.page.addStyleTag({ content: '.el-notification, .el-popper[role="tooltip"] { display: none !important; }' });
		try {
			if (target) await target.screenshot({ path });
			else await this.page.screenshot({ path });
		} finally {
			await style.evaluate((element) => element.remove());
		}
		return path;
	}

	/** A new, empty workflow with the node panel open. */
	async newWorkflow(): Promise<void> {
		await this.page.goto(`${this.options.baseUrl}/workflow/new`, LOAD);
		await this.page.getByTestId('canvas-add-button').click({ timeout: 60_000 });
		await this.page.getByTestId('node-creator').waitFor();
	}

	/** The names the node panel lists for a search. */
	async searchNodes(query: string): Promise<string[]> {
		const search = this.page.getByTestId('node-creator-search-bar');
		await search.fill(query);
		const names = this.page.getByTestId('node-creator').getByTestId('node-creator-item-name');
		// The list is filtered as one types: wait until it settles on the same names twice.
		let last = '';
		for (let round = 0; round < 20; round++) {
			await this.page.waitForTimeout(250);
			const now = JSON.stringify(await names.allTextContents());
			if (now === last && now !== '[]') break;
			last = now;
		}
		return (await names.allTextContents()).map(squash);
	}

	/** Add the node the panel lists as `name` (searched first) to the open workflow, as a user clicks it. */
	async addNode(name: string): Promise<void> {
		await this.searchNodes(name);
		const items = this.page.getByTestId('node-creator').getByTestId('node-creator-item-name');
		const shortName = name.replace(/ Trigger$/, '');
		await items.filter({ hasText: new RegExp(`^\\s*(${name}|${shortName})\\s*$`) }).first().click();
		const added = this.ndv().or(this.page.getByTestId('canvas-node').first());
		// A node with event options lists them as its triggers ("On … created …"), the first one highlighted: the
		// user picks it (Enter); a node without them shows an "Add to workflow" button.
		const creator = this.page.getByTestId('node-creator');
		const triggers = creator.getByText(/^\s*Triggers \(\d+\)/);
		const addButton = creator.getByRole('button', { name: /Add to workflow/ });
		try {
			await added.or(triggers).or(addButton).first().waitFor({ timeout: 30_000 });
			if (await addButton.isVisible()) {
				await addButton.click();
			} else if (!(await added.first().isVisible())) {
				await creator.getByTestId('item-iterator-item').first().waitFor();
				await this.page.keyboard.press('Enter');
			}
			// n8n opens a new trigger's panel over the canvas.
			await added.first().waitFor({ timeout: 30_000 });
		} catch (error) {
			// What the panel showed instead, in the run's screenshot folder.
			await this.screenshot('add-node-failed');
			throw error;
		}
	}

	/** Save the open workflow as a user does; its id, read from the address n8n moves to. */
	async saveWorkflow(): Promise<string> {
		if (await this.ndv().isVisible()) await this.page.keyboard.press('Escape');
		// n8n 1.x has a Save button in the header; 2.x saves on Ctrl+S.
		const saveButton = this.page.getByTestId('workflow-save-button');
		if (await saveButton.isVisible()) await saveButton.click();
		else await this.page.keyboard.press('Control+s');
		await this.page.waitForURL((url) => /\/workflow\/(?!new)[^/]+/.test(url.pathname), { timeout: 30_000 });
		return /\/workflow\/([^/?]+)/.exec(new URL(this.page.url()).pathname)?.[1] ?? '';
	}

	async openWorkflow(id: string): Promise<void> {
		await this.page.goto(`${this.options.baseUrl}/workflow/${id}`, LOAD);
		await this.page.getByTestId('canvas-node').first().waitFor({ timeout: 60_000 });
	}

	/** Open a node's panel by double-clicking it on the canvas. */
	async openNode(name: string): Promise<Locator> {
		await this.page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`).dblclick();
		await this.ndv().waitFor();
		await this.parameters().waitFor();
		return this.ndv();
	}

	ndv(): Locator {
		return this.page.getByTestId('ndv');
	}

	parameters(): Locator {
		return this.ndv().getByTestId('node-parameters');
	}

	/** The labels of the parameters the open panel shows, in order. */
	async parameterLabels(): Promise<string[]> {
		return this.parameters()
			.locator('label.n8n-input-label')
			.evaluateAll((labels) => labels.map((label) => (label.querySelector('.n8n-text') ?? label).textContent?.replace(/\s+/g, ' ').trim() ?? ''));
	}

	/** The parameter row whose label is exactly `label`. */
	parameter(label: string): Locator {
		return this.parameters()
			.getByTestId('parameter-item')
			// The label's own text (the label also holds the Fixed/Expression switch).
			.filter({ has: this.page.locator('label.n8n-input-label .n8n-text', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*\\*?\\s*$`) }) })
			.first();
	}

	/** The open dropdown's entries. */
	private dropdownItems(): Locator {
		return this.page.locator('.el-select-dropdown:visible .el-select-dropdown__item');
	}

	/** Each entry's name (an entry with a description shows the name as its headline). */
	private async itemNames(items: Locator): Promise<string[]> {
		await items.first().waitFor();
		return items.evaluateAll((elements) =>
			elements.map((element) => (element.querySelector('.option-headline') ?? element).textContent?.replace(/\s+/g, ' ').trim() ?? ''),
		);
	}

	/** The names a dropdown offers, after opening it with `open`; the dropdown is closed again. */
	private async dropdownNames(open: Locator): Promise<string[]> {
		await open.click();
		const names = await this.itemNames(this.dropdownItems());
		await this.page.keyboard.press('Escape');
		return names;
	}

	/** The options of the dropdown parameter labelled `label`. */
	async choicesOf(label: string): Promise<string[]> {
		return this.dropdownNames(this.parameter(label).getByTestId('parameter-input').locator('.el-select').first());
	}

	/** The entries "Add option" offers in the node's Options collection. */
	async optionNames(): Promise<string[]> {
		return this.dropdownNames(this.parameters().getByPlaceholder('Add option').first());
	}

	/** Choose `option` in the dropdown parameter labelled `label`. */
	async choose(label: string, option: string): Promise<void> {
		await this.parameter(label).getByTestId('parameter-input').locator('.el-select').first().click();
		const items = this.dropdownItems();
		const index = (await this.itemNames(items)).indexOf(option);
		if (index < 0) throw new Error(`"${label}" offers no "${option}": ${(await this.itemNames(items)).join(', ')}`);
		await items.nth(index).click();
		await this.page.locator('.el-select-dropdown:visible').first().waitFor({ state: 'hidden' }).catch(() => undefined);
	}

	/** Open the selected credential's dialog from the panel (the pencil beside the dropdown). */
	async openCredential(): Promise<Locator> {
		await this.ndv().getByTestId('credential-edit-button').first().click();
		const dialog = this.page.getByTestId('editCredential-modal');
		await dialog.waitFor();
		await dialog.getByTestId('credential-connection-parameter').first().waitFor();
		return dialog;
	}

	/** Open the new-credential dialog from the panel's credential dropdown ("Create new credential"). */
	async openNewCredential(): Promise<Locator> {
		const dialog = this.page.getByTestId('editCredential-modal');
		const empty = this.ndv().getByTestId('node-credentials-empty-state');
		if ((await empty.count()) > 0) {
			// n8n 2.x, no credential of the type yet: "Connect to <credential type>" (a button or an empty dropdown).
			await empty.locator('button, .el-select').first().click();
		} else {
			await this.ndv().getByTestId('node-credentials-select').first().click();
		}
		const createNew = this.page.getByTestId('node-credentials-select-item-new').first();
		await dialog.or(createNew).first().waitFor();
		if (!(await dialog.isVisible())) await createNew.click();
		await dialog.waitFor();
		await dialog.getByTestId('credential-connection-parameter').first().waitFor();
		return dialog;
	}

	/**
	 * A code field (n8n's JSON editor) inside `parameter`: its lines as shown, whether it scrolls sideways, and
	 * the classes of any warning-styled box (n8n's notice or a warning callout) around it.
	 */
	async codeField(parameter: Locator): Promise<{ lines: string[]; scrollWidth: number; clientWidth: number; warningStyled: string[] }> {
		const scroller = parameter.locator('.cm-scroller').first();
		await scroller.locator('.cm-line').first().waitFor();
		const lines = (await scroller.locator('.cm-line').allTextContents()).map((line) => line.replace(/\u00a0/g, ' '));
		const box = await scroller.evaluate((element) => {
			const warningStyled: string[] = [];
			for (let node: { className: unknown; parentElement: unknown } | null = element; node; node = node.parentElement as typeof node) {
				const name = typeof node.className === 'string' ? node.className : '';
				if (/notice|warning/i.test(name)) warningStyled.push(name);
			}
			return { scrollWidth: element.scrollWidth, clientWidth: element.clientWidth, warningStyled };
		});
		return { lines, ...box };
	}

	async closeCredential(): Promise<void> {
		const dialog = this.page.getByTestId('editCredential-modal');
		await this.page.keyboard.press('Escape');
		await dialog.waitFor({ state: 'hidden' });
	}

	async text(locator: Locator): Promise<string> {
		return squash(await locator.textContent());
	}

	/** Click the panel's Execute step (Fetch Test Event for polling triggers). */
	async executeStep(): Promise<void> {
		await this.dismissToasts();
		await this.ndv().getByTestId('node-execute-button').click();
	}

	/** Wait until the trigger's panel says it listens for a test event (Execute step has registered its Test URL). */
	async listening(timeoutMs = 60_000): Promise<void> {
		await this.ndv().getByTestId('trigger-listening').first().waitFor({ timeout: timeoutMs });
	}

	/** Text of the next error toast n8n shows. */
	async errorToast(): Promise<string> {
		const toast = this.page.locator('.el-notification--error, .el-notification:has(.el-notification__icon.el-icon-error), .el-notification').filter({ hasText: /problem|error|could not/i }).first();
		await toast.waitFor({ timeout: 60_000 });
		return squash(await toast.textContent());
	}

	async dismissToasts(): Promise<void> {
		const closers = this.page.locator('.el-notification .el-notification__closeBtn');
		for (const closer of await closers.all()) await closer.click().catch(() => undefined);
	}

	/** The items of the output panel once it shows some, as JSON (read from the panel's JSON view). */
	async outputItems(timeoutMs = 60_000): Promise<Array<Record<string, unknown>>> {
		const output = this.ndv().getByTestId('output-panel');
		await output.getByTestId('ndv-items-count').or(output.getByTestId('run-data-item-count')).first().waitFor({ timeout: timeoutMs });
		await output.getByTestId('radio-button-json').click();
		const container = output.getByTestId('ndv-data-container');
		await container.getByText('[').first().waitFor();
		// The JSON view renders only the lines in view: a page tall enough shows every line while they are read.
		const viewport = this.page.viewportSize() ?? { width: 1440, height: 900 };
		await this.page.setViewportSize({ width: viewport.width, height: 8_000 });
		try {
			// Read once the whole text parses (the view fills in the new lines after the resize). Its indentation is
			// non-breaking spaces.
			const parsed = await this.page.waitForFunction(
				(element) => {
					try {
						return JSON.parse((element?.textContent ?? '').replace(/\u00a0/g, ' ')) as unknown;
					} catch {
						return false;
					}
				},
				await container.elementHandle(),
				{ timeout: 30_000 },
			);
			return (await parsed.jsonValue()) as Array<Record<string, unknown>>;
		} finally {
			await this.page.setViewportSize(viewport);
		}
	}

	/** The output panel's error box (a failed step), as text. */
	async outputError(timeoutMs = 60_000): Promise<string> {
		const output = this.ndv().getByTestId('output-panel');
		const box = output.locator('[data-test-id="node-error-message"], .node-error-view, [class*="error"]').first();
		await box.waitFor({ timeout: timeoutMs });
		return squash(await output.textContent());
	}
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
