'use strict';
/** The workflows in examples/, parsed: [{ file, workflow }]. (A .js helper: lint keeps fs out of .ts.) */
const fs = require('fs');
const path = require('path');

const folder = path.join(__dirname, '..', '..', '..', 'examples');

function loadExamples() {
	return fs
		.readdirSync(folder)
		.filter((f) => f.endsWith('.json'))
		.map((file) => ({ file, workflow: JSON.parse(fs.readFileSync(path.join(folder, file), 'utf8')) }));
}

/**
 * Runs an example's Code node body ("Run Once for All Items") on `items`, as n8n would with
 * `$input.first()` / `$input.all()`. Plain JS: the n8n lint forbids the Function constructor in .ts.
 * @param {string} code
 * @param {Array<{ json: Record<string, unknown> }>} items
 */
function runCodeNode(code, items) {
	const input = { first: () => items[0], all: () => items };
	return new Function('$input', code)(input);
}

module.exports = { loadExamples, runCodeNode };
