'use strict';
/**
 * The package's nodes and credentials as package.json lists them for n8n (`n8n.nodes`,
 * `n8n.credentials`): the one list the tests read, so a node or credential registered there is
 * covered by them without another list to keep. Loaded from source, so only inside jest (its
 * TypeScript transform): `dist/nodes/Vmeg/Vmeg.node.js` is `nodes/Vmeg/Vmeg.node.ts`, class `Vmeg`.
 */
const path = require('path');

const REPO = path.resolve(__dirname, '..', '..');
const pkg = require(path.join(REPO, 'package.json'));

/** @param {string} distFile @param {string} suffix */
function instanceOf(distFile, suffix) {
	const source = distFile.replace(/^dist\//, '').replace(/\.js$/, '');
	const className = path.basename(source, suffix);
	const Type = require(path.join(REPO, source))[className];
	if (typeof Type !== 'function') throw new Error(`${source} does not export the class ${className} that package.json's n8n section implies`);
	return new Type();
}

function packageNodes() {
	return pkg.n8n.nodes.map((file) => {
		const node = instanceOf(file, '.node');
		return { type: `${pkg.name}.${node.description.name}`, node };
	});
}

function packageCredentials() {
	return pkg.n8n.credentials.map((file) => instanceOf(file, '.credentials'));
}

module.exports = { packageNodes, packageCredentials };
