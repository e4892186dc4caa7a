'use strict';
/**
 * Drives the real n8n editor in headless Chromium (Debian's `chromium`, puppeteer-core), as a
 * user would: sign in, open a workflow, search the nodes panel, open node panels, pick from
 * lists, test credentials; saves a screenshot of each view.
 *
 * Selectors are n8n's `data-test-id`s, which n8n's own Playwright tests use; where 2.8 and 2.41
 * differ (the search box is the input itself in one, its wrapper in the other) both are tried.
 */
const fs = require('fs');
const path = require('path');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const VIEWPORT = { width: 1600, height: 1000 };
const SEARCH_INPUT = '[data-test-id="node-creator-search-bar"] input, input[data-test-id="node-creator-search-bar"]';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function chromiumAvailable() {
	return fs.existsSync(CHROMIUM);
}

async function launch() {
	const puppeteer = require('puppeteer-core');
	return await puppeteer.launch({
		executablePath: CHROMIUM,
		headless: true,
		// --no-sandbox: CI and this machine run as root, where Chromium's sandbox cannot start.
		args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', `--window-size=${VIEWPORT.width},${VIEWPORT.height}`],
		defaultViewport: VIEWPORT,
	});
}

/**
 * A signed-in editor tab. `errors` collects uncaught page errors (a crashed panel shows up here);
 * `theme` 'dark' or 'light' is set before n8n's code runs (n8n keeps it in localStorage N8N_THEME).
 */
async function openEditor(browser, { baseUrl, email, password, theme = 'light' }) {
	// Its own browser context: own cookies (a real sign-in each time) and own theme setting.
	const context = await browser.createBrowserContext();
	const page = await context.newPage();
	const errors = [];
	page.on('pageerror', (e) => errors.push(String(e && e.message ? e.message : e)));
	await page.evaluateOnNewDocument((t) => {
		try {
			localStorage.setItem('N8N_THEME', t);
		} catch {
			/* storage not ready on about:blank */
		}
	}, theme);
	await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: theme }]);
	await page.goto(`${baseUrl}/signin`, { waitUntil: 'networkidle2' });
	await page.waitForSelector('input[type=email]', { timeout: 30000 });
	await page.type('input[type=email]', email);
	await page.type('input[type=password]', password);
	// The form posts to /rest/login and sets the n8n-auth cookie.
	const login = page.waitForResponse((r) => r.url().includes('/rest/login') && r.request().method() === 'POST', { timeout: 30000 });
	await page.keyboard.press('Enter');
	const res = await login;
	if (res.status() !== 200) throw new Error(`sign-in answered ${res.status()}: ${(await res.text()).slice(0, 300)}`);
	await page.waitForFunction(() => !location.pathname.startsWith('/signin'), { timeout: 30000 });
	return { page, context, errors, baseUrl, theme };
}

async function gotoWorkflow(editor, workflowId) {
	const { page, baseUrl } = editor;
	await page.goto(`${baseUrl}/workflow/${workflowId}`, { waitUntil: 'networkidle2' });
	await page.waitForSelector('[data-test-id="canvas-wrapper"]', { timeout: 30000 });
	await sleep(500);
}

/**
 * Opens the nodes panel as a user does: on an empty canvas the "Add first step" button (the
 * trigger panel), otherwise the "+" on the first node's output ("What happens next?").
 */
async function openNodesPanel(editor) {
	const { page } = editor;
	const empty = await page.$('[data-test-id="canvas-add-button"]');
	const plus = empty ? null : await page.$('[data-test-id="canvas-handle-plus"]');
	await page.click(empty ? '[data-test-id="canvas-add-button"]' : plus ? '[data-test-id="canvas-handle-plus"]' : '[data-test-id="node-creator-plus-button"]');
	await page.waitForSelector(SEARCH_INPUT, { visible: true, timeout: 15000 });
	return await panelTitle(editor);
}

async function panelTitle(editor) {
	return await editor.page.$eval('[data-test-id="node-creator"]', (el) => {
		const title = el.querySelector('header p, header h2, [class*="title"]');
		return (title ? title.textContent : '').trim();
	});
}

/** What the panel lists now: name, and the node type the entry stands for (from n8n's keyboard-nav id). */
async function listedItems(editor) {
	return await editor.page.$$eval('[data-test-id="node-creator"] [data-test-id="item-iterator-item"]', (els) =>
		els.map((el) => {
			const nameEl = el.querySelector('[data-test-id="node-creator-item-name"]');
			const navId = el.getAttribute('data-keyboard-nav-id') || '';
			return {
				name: (nameEl ? nameEl.textContent : el.textContent).trim(),
				kind: el.getAttribute('data-keyboard-nav-type') || '',
				// "<node type>" for a node, "<node type>-<uuid>" for an action or event of it
				type: navId.replace(/-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, ''),
				icon: (el.querySelector('img') || {}).src || '',
			};
		}),
	);
}

/** Types `term` into the panel's search box (replacing what was there) and returns the entries listed. */
async function searchNodes(editor, term) {
	const { page } = editor;
	// Focus and select the box's text from inside the page: a click can land while the panel is
	// still animating in ("not clickable"); focus() cannot.
	const input = await page.waitForSelector(SEARCH_INPUT, { visible: true, timeout: 15000 });
	await input.evaluate((el) => {
		el.focus();
		el.select();
	});
	await input.dispose();
	await page.keyboard.press('Backspace');
	await page.keyboard.type(term, { delay: 15 });
	// The panel filters on input; wait until the list stops changing.
	let last = '';
	for (let i = 0; i < 20; i++) {
		await sleep(200);
		const now = JSON.stringify(await listedItems(editor));
		if (now === last && i > 2) break;
		last = now;
	}
	return await listedItems(editor);
}

/** Clicks the listed entry named `name` and returns the sub-view: its category headers and entries. */
async function openListed(editor, name) {
	const { page } = editor;
	const handles = await page.$$('[data-test-id="node-creator"] [data-test-id="item-iterator-item"]');
	for (const h of handles) {
		const text = await h.$eval('[data-test-id="node-creator-item-name"]', (e) => e.textContent.trim()).catch(() => '');
		if (text === name) {
			await h.click();
			await sleep(800);
			const categories = await page.$$eval('[data-test-id="node-creator"] [data-test-id="node-creator-category-item"]', (els) =>
				els.map((e) => e.textContent.trim()),
			);
			return { categories, items: await listedItems(editor) };
		}
	}
	throw new Error(`"${name}" is not listed in the nodes panel`);
}

async function closeNodesPanel(editor) {
	await editor.page.keyboard.press('Escape');
	await sleep(300);
	if (await editor.page.$(SEARCH_INPUT)) {
		await editor.page.keyboard.press('Escape');
		await sleep(300);
	}
}

/** Canvas nodes: name, type, subtitle text and icon of each. */
async function canvasNodes(editor) {
	return await editor.page.$$eval('[data-test-id="canvas-node"]', (els) =>
		els.map((el) => {
			const img = el.querySelector('img');
			const texts = [...el.querySelectorAll('[class*="subtitle"], [data-test-id="canvas-node-subtitle"]')].map((e) => e.textContent.trim());
			return {
				name: el.getAttribute('data-node-name'),
				type: el.getAttribute('data-node-type'),
				subtitle: texts.filter(Boolean)[0] || '',
				icon: img ? { src: img.src, ok: img.complete && img.naturalWidth > 0 } : null,
			};
		}),
	);
}

/**
 * Opens a node's panel (NDV) through the editor's own URL for it and reports what a user sees:
 * the header icon, the chosen Resource and Operation as displayed, and parameter-loading errors.
 */
async function openNodePanel(editor, workflowId, nodeId) {
	const { page, baseUrl } = editor;
	const before = editor.errors.length;
	await page.goto(`${baseUrl}/workflow/${workflowId}/${nodeId}`, { waitUntil: 'networkidle2' });
	await page.waitForSelector('[data-test-id="ndv"] [data-test-id="node-parameters"]', { visible: true, timeout: 30000 });
	await sleep(800);
	return await page.evaluate((errorsBefore) => {
		const ndv = document.querySelector('[data-test-id="ndv"]');
		const valueOf = (name) => {
			const el = ndv.querySelector(`[data-test-id="parameter-input-${name}"] input`);
			return el ? el.value : null;
		};
		const icons = [...ndv.querySelectorAll('img')].filter((i) => i.src.includes('/icons/'));
		return {
			resource: valueOf('resource'),
			operation: valueOf('operation'),
			parameterCount: ndv.querySelectorAll('[data-test-id="parameter-item"]').length,
			icon: icons[0] ? { src: icons[0].src, ok: icons[0].complete && icons[0].naturalWidth > 0 } : null,
			text: ndv.textContent,
			errorsBefore,
		};
	}, before);
}

/** Opens a resource locator's list (From List mode) and returns the names it shows. */
async function openResourceList(editor, parameterName) {
	const { page } = editor;
	await page.click(`[data-test-id="resource-locator-${parameterName}"] [data-test-id="rlc-input"]`);
	await page.waitForSelector('[data-test-id="rlc-item"]', { visible: true, timeout: 30000 });
	await sleep(500);
	return await page.$$eval('[data-test-id="rlc-item"]', (els) => els.map((e) => e.textContent.trim()));
}

/** Opens the node's credential (pencil next to the credential select) and presses Retry (the connection test). */
async function testNodeCredential(editor) {
	const { page } = editor;
	await page.click('[data-test-id="credential-edit-button"]');
	await page.waitForSelector('[data-test-id="editCredential-modal"]', { visible: true, timeout: 15000 });
	// Opening an existing credential runs its test once; Retry runs it again, as a user would.
	const banner = await page.waitForSelector(
		'[data-test-id="credentials-config-container-test-success"], [data-test-id="credential-connection-parameter"] ~ * [class*="error"], [data-test-id="credentials-config-container-test-failed"]',
		{ visible: true, timeout: 30000 },
	);
	const retry = await page.$$('[data-test-id="editCredential-modal"] button');
	for (const b of retry) {
		if ((await b.evaluate((e) => e.textContent.trim())) === 'Retry') {
			const tested = page.waitForResponse((r) => r.url().includes('/rest/credentials/test'), { timeout: 30000 });
			await b.click();
			await tested;
			await sleep(800);
			break;
		}
	}
	await banner.dispose();
	return await page.$eval('[data-test-id="editCredential-modal"]', (m) => {
		const ok = m.querySelector('[data-test-id="credentials-config-container-test-success"]');
		return { success: Boolean(ok), text: (ok || m).textContent.replace(/\s+/g, ' ').trim().slice(0, 300) };
	});
}

/** Saves a PNG of the page under `dir` (created) as `<name>.png`; returns its path. */
async function screenshot(editor, dir, name, options = {}) {
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(dir, `${name}.png`);
	await editor.page.screenshot({ path: file, ...options });
	return file;
}

/** A PNG of just the element `selector` (small enough for the README's docs/images). */
async function screenshotElement(editor, dir, name, selector) {
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(dir, `${name}.png`);
	const el = await editor.page.waitForSelector(selector, { visible: true, timeout: 15000 });
	await el.screenshot({ path: file });
	await el.dispose();
	return file;
}

module.exports = {
	screenshotElement,
	chromiumAvailable,
	launch,
	openEditor,
	gotoWorkflow,
	openNodesPanel,
	panelTitle,
	searchNodes,
	listedItems,
	openListed,
	closeNodesPanel,
	canvasNodes,
	openNodePanel,
	openResourceList,
	testNodeCredential,
	screenshot,
	sleep,
};
