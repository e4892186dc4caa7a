// @ts-check
'use strict';
/**
 * The APIs the emulator stands in for: the one list. The emulator serves each under `/<name>/`
 * (its module handles the requests, holds its part of the state and shapes its errors), and the
 * credential of this package that reaches it is created from here for the e2e run and the demo.
 * A new API: its module, one entry here, its types in index.d.ts.
 *
 * Each module exports `handle(ctx)`, `errorReply(status, message)`, `initialState(config)` (its
 * part of `emu.state`, rebuilt on every reset) and `stateView(emu)` (its part of GET /_emulator/state).
 */
const vmeg = require('./vmeg');
const vimmerse = require('./vimmerse');
const voice = require('./voice');

/** @typedef {{ baseUrl: string, key: string, config: import('./types').Config }} CredentialTarget */

const APIS = /** @type {const} */ ({
	vmeg: {
		module: vmeg,
		defaultKey: 'vmeg-test-key',
		credential: {
			type: 'vmegApi',
			name: 'VMEG (emulator)',
			data: (/** @type {CredentialTarget} */ { baseUrl, key, config }) => ({ apiKey: key, baseUrl, webhookSecret: config.vmegWebhookSecret }),
		},
	},
	vimmerse: {
		module: vimmerse,
		defaultKey: 'vimmerse-test-key',
		credential: {
			type: 'vimmerseApi',
			name: 'Vimmerse (emulator)',
			data: (/** @type {CredentialTarget} */ { baseUrl, key }) => ({ apiKey: key, baseUrl }),
		},
	},
	voice: {
		module: voice,
		defaultKey: 'voice-test-key',
		credential: {
			type: 'voiceApi',
			name: 'Voice API (emulator)',
			data: (/** @type {CredentialTarget} */ { baseUrl, key }) => ({ baseUrl, authStyle: 'rapidApi', apiKey: key, rapidApiHost: '' }),
		},
	},
});

/** @typedef {keyof typeof APIS} ApiName */

/** The APIs' names, in the order above. */
const API_NAMES = /** @type {ApiName[]} */ (Object.keys(APIS));

/** @param {string} name @returns {name is ApiName} */
function isApiName(name) {
	return Object.prototype.hasOwnProperty.call(APIS, name);
}

/**
 * The credential of this package for every API, pointing at a running emulator: what the e2e
 * setup and the demo create in n8n.
 * @param {{ url: string, keys: Record<string, string>, config: import('./types').Config }} emulator
 * @returns {Array<{ api: ApiName, type: string, name: string, data: Record<string, unknown> }>}
 */
function emulatorCredentials(emulator) {
	const url = emulator.url.replace(/\/$/, '');
	return API_NAMES.map((api) => {
		const { type, name, data } = APIS[api].credential;
		return { api, type, name, data: data({ baseUrl: `${url}/${api}`, key: emulator.keys[api], config: emulator.config }) };
	});
}

module.exports = { APIS, API_NAMES, isApiName, emulatorCredentials };
