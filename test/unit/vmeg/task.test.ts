import { translate } from '../../../nodes/Vmeg/resources/textTranslation';
import { waitForCompletion } from '../../../nodes/Vmeg/resources/task';
import { fakeExecuteContext } from '../support/fakeExecuteContext';

import type { RequestLogEntry, RunningEmulator } from '../../emulator';
import { startEmulator } from '../../emulator';

let emu: RunningEmulator;
beforeAll(async () => {
	emu = await startEmulator({ port: 0 });
});
afterAll(async () => await emu.close());
beforeEach(() => emu.reset());

const credentials = () => ({ vmegApi: { apiKey: 'vmeg-test-key', webhookSecret: 'whsec-test-secret', baseUrl: `${emu.url}/vmeg` } });
const details = () => emu.state.requests.filter((r: RequestLogEntry) => r.path === '/openapi/v1/tasks/detail');

describe('VMEG Task > Wait for Completion', () => {
	test('reads each task once; a task that has already ended is not polled again', async () => {
		const [translated] = await translate.call(
			fakeExecuteContext({ parameters: { text: 'Hello', sourceLanguage: 'en-US', targetLanguage: 'es-ES' }, credentials: credentials() }),
		);
		const taskId = String(translated[0].json.taskId);
		const ctx = fakeExecuteContext({
			parameters: (i) => ({ taskId: i === 2 ? 'no-such-task' : taskId, waitTaskType: 'openapi-translate', waitTimeLimit: 1, downloadResults: false }),
			items: [{ json: {} }, { json: {} }, { json: {} }],
			credentials: credentials(),
			continueOnFail: true,
		});
		const [out] = await waitForCompletion.call(ctx);
		expect(out.map((o) => o.json.status)).toEqual(['finished', 'finished', undefined]);
		expect(out[2].json.error).toMatch(/Task not found/);
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		// One read for the shared task, one for the missing one; no polling.
		expect(details().map((r: RequestLogEntry) => r.query.taskId)).toEqual([taskId, 'no-such-task']);
	});
});
