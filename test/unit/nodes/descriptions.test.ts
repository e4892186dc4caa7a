import { Vmeg } from '../../../nodes/Vmeg/Vmeg.node';
import { VmegTrigger } from '../../../nodes/VmegTrigger/VmegTrigger.node';
import { VimmerseAudio } from '../../../nodes/VimmerseAudio/VimmerseAudio.node';
import { VoiceApi } from '../../../nodes/VoiceApi/VoiceApi.node';
import { descriptionView } from './descriptionView';

/**
 * The editor's view of every node (descriptionView), against the committed snapshot: a change in
 * source layout must leave it as it is; a change in behaviour updates it on purpose
 * (`npx jest --selectProjects unit -t descriptions -u`), and the diff shows what users will see.
 */
describe('node descriptions as the editor shows them', () => {
	it.each([
		['VMEG', new Vmeg().description],
		['VMEG Trigger', new VmegTrigger().description],
		['Vimmerse Audio', new VimmerseAudio().description],
		['Voice API', new VoiceApi().description],
	])('%s', (_name, description) => {
		expect(descriptionView(description)).toMatchSnapshot();
	});
});
