import { getContext } from './context';

describe('e2e harness smoke', () => {
	it('runs n8n with the package loaded as a community package', async () => {
		const ctx = getContext();
		const types = await ctx.nodeTypes();
		expect(types).toEqual(
			expect.arrayContaining([
				'n8n-nodes-ai-voice.vmeg',
				'n8n-nodes-ai-voice.vmegTrigger',
				'n8n-nodes-ai-voice.vimmerseAudio',
				'n8n-nodes-ai-voice.voiceApi',
			]),
		);
		expect(ctx.credentials).toEqual({
			vmegApi: expect.any(String),
			vimmerseApi: expect.any(String),
			voiceApi: expect.any(String),
		});
	});
});
