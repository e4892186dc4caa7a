// @ts-check
'use strict';
/**
 * VMEG voices: seeded system (preset) voices `sv_…`, cloned voices `cv_…`, and the list
 * filters of POST /assets/voice/basic/list and /assets/voice/clone/list (vmeg-api.md "Voices").
 *
 * Interpretations (undocumented details):
 *  - `emotionPrompt: 'exclude'` drops voices that support emotion prompts; 'include' (or absent)
 *    applies no filter. Each record carries an extra `emotionPrompt` 0/1 flag for this.
 *  - `category` matches a voice's `category`, `style` or any of its `scenarioList` entries.
 *  - `quality: 'high'` keeps `isHd === 1` voices.
 *  - Provider tiers are mostly per locale (S1 en-US, S2 zh-CN, …) so same-locale batches pass the
 *    "one provider per TTS batch" rule; `sv_en_us_ava_hd` (S3) and `sv_en_us_andrew_hd` (S3) are the
 *    exceptions to exercise it.
 */

const LOCALE_NAMES = /** @type {Record<string,string>} */ ({
	'en-US': 'English (United States)',
	'en-GB': 'English (United Kingdom)',
	'zh-CN': 'Chinese (Mandarin, Simplified)',
	'ja-JP': 'Japanese (Japan)',
	'es-ES': 'Spanish (Spain)',
	'fr-FR': 'French (France)',
	'de-DE': 'German (Germany)',
});

// [idSuffix, localName, displayName, locale, gender, age, style, provider, isHd, isPreferred, score, emotionPrompt]
/** @type {Array<[string,string,string,string,string,string,string,string,number,number,number,number]>} */
const SYSTEM_VOICES = [
	['en_us_jenny', 'Jenny', 'Jenny', 'en-US', 'female', 'adult', 'Friendly', 'S1', 1, 1, 98, 1],
	['en_us_guy', 'Guy', 'Guy', 'en-US', 'male', 'adult', 'Newscast', 'S1', 1, 1, 96, 1],
	['en_us_aria', 'Aria', 'Aria', 'en-US', 'female', 'young', 'Cheerful', 'S1', 0, 0, 91, 1],
	['en_us_davis', 'Davis', 'Davis', 'en-US', 'male', 'adult', 'Calm', 'S1', 0, 0, 88, 0],
	['en_us_nancy', 'Nancy', 'Nancy', 'en-US', 'female', 'senior', 'Storytelling', 'S1', 0, 0, 84, 0],
	['en_us_tony', 'Tony', 'Tony', 'en-US', 'male', 'senior', 'Narration', 'S1', 0, 0, 80, 0],
	['en_us_ava_hd', 'Ava', 'Ava (HD)', 'en-US', 'female', 'young', 'Emotional', 'S3', 1, 1, 97, 1],
	['en_us_andrew_hd', 'Andrew', 'Andrew (HD)', 'en-US', 'male', 'adult', 'Emotional', 'S3', 1, 0, 93, 1],
	['en_gb_sonia', 'Sonia', 'Sonia', 'en-GB', 'female', 'adult', 'Friendly', 'S1', 0, 0, 86, 0],
	['en_gb_ryan', 'Ryan', 'Ryan', 'en-GB', 'male', 'adult', 'Narration', 'S1', 0, 0, 85, 0],
	['zh_cn_xiaoxiao', '晓晓', 'Xiaoxiao', 'zh-CN', 'female', 'young', 'Cheerful', 'S2', 1, 1, 99, 1],
	['zh_cn_yunxi', '云希', 'Yunxi', 'zh-CN', 'male', 'young', 'Narration', 'S2', 1, 1, 95, 1],
	['zh_cn_yunjian', '云健', 'Yunjian', 'zh-CN', 'male', 'adult', 'Sports', 'S2', 0, 0, 89, 0],
	['zh_cn_xiaoyi', '晓伊', 'Xiaoyi', 'zh-CN', 'female', 'young', 'Gentle', 'S2', 0, 0, 87, 1],
	['zh_cn_yunye', '云野', 'Yunye', 'zh-CN', 'male', 'senior', 'Storytelling', 'S2', 0, 0, 82, 0],
	['ja_jp_nanami', '七海', 'Nanami', 'ja-JP', 'female', 'young', 'Friendly', 'S4', 1, 1, 94, 1],
	['ja_jp_keita', '圭太', 'Keita', 'ja-JP', 'male', 'adult', 'Calm', 'S4', 0, 0, 88, 0],
	['ja_jp_aoi', '葵', 'Aoi', 'ja-JP', 'female', 'young', 'Cheerful', 'S4', 0, 0, 83, 0],
	['ja_jp_daichi', '大智', 'Daichi', 'ja-JP', 'male', 'senior', 'Narration', 'S4', 0, 0, 79, 0],
	['es_es_elvira', 'Elvira', 'Elvira', 'es-ES', 'female', 'adult', 'Friendly', 'S5', 1, 1, 92, 1],
	['es_es_alvaro', 'Álvaro', 'Alvaro', 'es-ES', 'male', 'adult', 'Newscast', 'S5', 0, 0, 87, 0],
	['es_es_triana', 'Triana', 'Triana', 'es-ES', 'female', 'young', 'Cheerful', 'S5', 0, 0, 81, 0],
	['es_es_arnau', 'Arnau', 'Arnau', 'es-ES', 'male', 'senior', 'Storytelling', 'S5', 0, 0, 78, 0],
	['fr_fr_denise', 'Denise', 'Denise', 'fr-FR', 'female', 'adult', 'Friendly', 'S6', 1, 1, 93, 1],
	['fr_fr_henri', 'Henri', 'Henri', 'fr-FR', 'male', 'adult', 'Narration', 'S6', 0, 0, 86, 0],
	['fr_fr_eloise', 'Éloïse', 'Eloise', 'fr-FR', 'female', 'young', 'Cheerful', 'S6', 0, 0, 82, 1],
	['fr_fr_alain', 'Alain', 'Alain', 'fr-FR', 'male', 'senior', 'Calm', 'S6', 0, 0, 77, 0],
	['de_de_katja', 'Katja', 'Katja', 'de-DE', 'female', 'adult', 'Friendly', 'S7', 1, 1, 92, 1],
	['de_de_conrad', 'Conrad', 'Conrad', 'de-DE', 'male', 'adult', 'Newscast', 'S7', 0, 0, 88, 0],
	['de_de_amala', 'Amala', 'Amala', 'de-DE', 'female', 'young', 'Cheerful', 'S7', 0, 0, 80, 0],
	['de_de_bernd', 'Bernd', 'Bernd', 'de-DE', 'male', 'senior', 'Storytelling', 'S7', 0, 0, 76, 0],
];

const PERSONALITIES = {
	Friendly: ['Warm', 'Approachable'],
	Newscast: ['Professional', 'Authoritative'],
	Cheerful: ['Bright', 'Energetic'],
	Calm: ['Soothing', 'Steady'],
	Storytelling: ['Expressive', 'Engaging'],
	Narration: ['Clear', 'Neutral'],
	Emotional: ['Expressive', 'Dramatic'],
	Sports: ['Energetic', 'Passionate'],
	Gentle: ['Soft', 'Kind'],
};
const SCENARIOS = {
	Friendly: ['Customer Service', 'E-learning'],
	Newscast: ['News', 'Corporate'],
	Cheerful: ['Advertising', 'Social Media'],
	Calm: ['Meditation', 'Audiobook'],
	Storytelling: ['Audiobook', 'Kids'],
	Narration: ['Documentary', 'E-learning'],
	Emotional: ['Film', 'Drama'],
	Sports: ['Sports', 'Advertising'],
	Gentle: ['Audiobook', 'Podcast'],
};

/**
 * Build the seeded system voices. `cdn(kind, voiceId)` returns preview/cover URLs.
 * @param {(kind: 'audio'|'cover', voiceId: string) => string} cdn
 */
function makeSystemVoices(cdn) {
	const t0 = Date.parse('2024-03-01T00:00:00Z');
	return SYSTEM_VOICES.map((v, i) => {
		const [suffix, localName, displayName, locale, gender, age, style, provider, isHd, isPreferred, score, emo] = v;
		const voiceId = `sv_${suffix}`;
		const personalityList = PERSONALITIES[/** @type {keyof typeof PERSONALITIES} */ (style)] ?? [];
		const scenarioList = SCENARIOS[/** @type {keyof typeof SCENARIOS} */ (style)] ?? [];
		const time = new Date(t0 + i * 86_400_000).toISOString();
		return {
			voiceId,
			localName,
			displayName,
			locale,
			localeName: LOCALE_NAMES[locale],
			provider,
			gender,
			age,
			category: style === 'Emotional' ? 'emotional' : 'general',
			style,
			rolePlay: age === 'senior' ? 'Elder' : age === 'young' ? 'YoungAdult' : 'Adult',
			description: `${displayName} — ${style.toLowerCase()} ${gender} voice (${LOCALE_NAMES[locale]})`,
			personalities: personalityList.join(','),
			personalityList,
			scenarios: scenarioList.join(','),
			scenarioList,
			isHd,
			isPreferred,
			score,
			emotionPrompt: emo,
			cover: cdn('cover', voiceId),
			audio: cdn('audio', voiceId),
			createTime: time,
			updateTime: time,
		};
	});
}

/** Comparator on one field; ties broken by voiceId. */
function sorter(/** @type {string} */ field, /** @type {'asc'|'desc'} */ order) {
	const dir = order === 'asc' ? 1 : -1;
	return (/** @type {any} */ a, /** @type {any} */ b) => {
		const x = a[field];
		const y = b[field];
		if (x === y) return String(a.voiceId).localeCompare(String(b.voiceId));
		return (x < y ? -1 : 1) * dir;
	};
}

const BASIC_ORDER_FIELDS = { voiceId: 'voiceId', score: 'score', create_time: 'createTime', update_time: 'updateTime', is_preferred: 'isPreferred' };
const CLONE_ORDER_FIELDS = { voiceId: 'voiceId', name: 'name', create_time: 'createTime', update_time: 'updateTime' };

/**
 * @param {any[]} voices
 * @param {{ voiceId?: string, searchName?: string, locale?: string, age?: string, gender?: string, quality?: string, category?: string, emotionPrompt?: string, topIds?: string[], currentPage: number, pageSize: number, orderBy?: string, order: 'asc'|'desc' }} q
 */
function listSystemVoices(voices, q) {
	const lc = (/** @type {unknown} */ s) => String(s ?? '').toLowerCase();
	let list = voices.filter((v) => {
		if (q.voiceId && v.voiceId !== q.voiceId) return false;
		if (q.searchName) {
			const s = lc(q.searchName);
			if (![v.localName, v.displayName, v.voiceId].some((x) => lc(x).includes(s))) return false;
		}
		if (q.locale && lc(v.locale) !== lc(q.locale)) return false;
		if (q.age && v.age !== q.age) return false;
		if (q.gender && lc(v.gender) !== lc(q.gender)) return false;
		if (q.quality === 'high' && v.isHd !== 1) return false;
		if (q.category) {
			const c = lc(q.category);
			if (![v.category, v.style, ...v.scenarioList].some((x) => lc(x) === c)) return false;
		}
		if (q.emotionPrompt === 'exclude' && v.emotionPrompt === 1) return false;
		return true;
	});
	const field = BASIC_ORDER_FIELDS[/** @type {keyof typeof BASIC_ORDER_FIELDS} */ (q.orderBy ?? 'score')];
	list.sort(sorter(field, q.order));
	if (q.topIds?.length) {
		const top = q.topIds.map((id) => list.find((v) => v.voiceId === id)).filter(Boolean);
		list = [...top, ...list.filter((v) => !q.topIds?.includes(v.voiceId))];
	}
	const start = (q.currentPage - 1) * q.pageSize;
	return { records: list.slice(start, start + q.pageSize), total: list.length };
}

/**
 * @param {any[]} clones
 * @param {{ voiceId?: string, voiceIds?: string[], searchName?: string, currentPage: number, pageSize: number, orderBy?: string, order: 'asc'|'desc' }} q
 */
function listClonedVoices(clones, q) {
	const list = clones.filter((c) => {
		if (c.deleted) return false;
		if (q.voiceId && c.voiceId !== q.voiceId) return false;
		if (q.voiceIds?.length && !q.voiceIds.includes(c.voiceId)) return false;
		if (q.searchName && !String(c.name).toLowerCase().includes(q.searchName.toLowerCase())) return false;
		return true;
	});
	const field = CLONE_ORDER_FIELDS[/** @type {keyof typeof CLONE_ORDER_FIELDS} */ (q.orderBy ?? 'create_time')];
	list.sort(sorter(field, q.order));
	const start = (q.currentPage - 1) * q.pageSize;
	// Strip internal flags from the public record.
	const records = list.slice(start, start + q.pageSize).map(({ deleted, ...rest }) => rest);
	return { records, total: list.length };
}

module.exports = { makeSystemVoices, listSystemVoices, listClonedVoices, LOCALE_NAMES };
