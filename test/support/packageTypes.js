'use strict';
/**
 * The package's nodes and credentials as package.json lists them for n8n (`n8n.nodes`,
 * `n8n.credentials`): the one list the tests read, so a node or credential registered there is
 * covered by them without another list to keep. Loaded from source, so only inside jest (its
 * TypeScript transform): `dist/nodes/Vmeg/Vmeg.node.js` is `nodes/Vmeg/Vmeg.node.ts`, class `Vmeg`.
 */
const fs = require('fs');
const path = require('path');

const REPO = path.resolve(__dirname, '..', '..');
const pkg = require(path.join(REPO, 'package.json'));

/** @param {string} distFile */
const sourceOf = (distFile) => distFile.replace(/^dist\//, '').replace(/\.js$/, '');

/** @param {string} distFile @param {string} suffix */
function instanceOf(distFile, suffix) {
	const source = sourceOf(distFile);
	const className = path.basename(source, suffix);
	const Type = require(path.join(REPO, source))[className];
	if (typeof Type !== 'function') throw new Error(`${source} does not export the class ${className} that package.json's n8n section implies`);
	return new Type();
}

/** The node's typed resource map, `resources` of `nodes/<Node>/resources/index.ts`, when it has one. */
function resourcesOf(distFile) {
	const index = path.join(REPO, path.dirname(sourceOf(distFile)), 'resources', 'index.ts');
	return fs.existsSync(index) ? require(index).resources : undefined;
}

function packageNodes() {
	return pkg.n8n.nodes.map((file) => {
		const node = instanceOf(file, '.node');
		const folder = path.join(REPO, path.dirname(sourceOf(file)));
		/** @param {string} relative */
		const hasFile = (relative) => fs.existsSync(path.join(folder, relative));
		return { type: `${pkg.name}.${node.description.name}`, node, resources: resourcesOf(file), hasFile };
	});
}

function packageCredentials() {
	return pkg.n8n.credentials.map((file) => instanceOf(file, '.credentials'));
}

module.exports = { packageNodes, packageCredentials };
