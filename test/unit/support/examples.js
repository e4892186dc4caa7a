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

module.exports = { loadExamples };
