'use strict';
/** What both benchmarks share: the TTS settings they speak with, and the machine note. */
const os = require('os');

/** Text to Speech > Generate parameters (one voice, no audio download), minus the text. */
const TTS_PARAMETERS = Object.freeze({
	voiceSource: 'voice',
	voiceId: { __rl: true, mode: 'id', value: 'sv_en_us_jenny' },
	targetLanguage: 'en-US',
	outputFormat: 'mp3',
	downloadAudio: false,
	options: {},
});

function machineNote() {
	const cpus = os.cpus();
	return `${cpus.length} cores (${cpus[0]?.model?.trim() ?? 'unknown CPU'}), ${Math.round(os.totalmem() / 1024 ** 3)} GiB RAM, ${os.platform()} ${os.release()}`;
}

module.exports = { TTS_PARAMETERS, machineNote };
