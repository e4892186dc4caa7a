import type { IDataObject, IExecuteFunctions, INodeProperties, IWebhookFunctions } from 'n8n-workflow';

/**
 * n8n's binary convention: one output file goes in `data` unless the user names another field.
 * On VMEG the option is `outputBinaryField` because `binaryPropertyName` is Media Translation's
 * *input* field. A second file of the same item is named from the first: `<field>_audio` (the
 * audio of a dubbed video), `<field>_1`… (further lines of a whole TTS task).
 */
export const outputBinaryFieldOption: INodeProperties = {
	displayName: 'Put Output File in Field',
	name: 'outputBinaryField',
	type: 'string',
	default: 'data',
	hint: 'The name of the output binary field to put the file in',
	description:
		'Binary field for the result file. A dubbed video goes here and its audio in the same name plus "_audio" (data_audio); an audio-only job\'s audio goes here.',
};

/** The chosen output field (blank: `data`), from the node's Options collection. */
export function outputBinaryField(ctx: IExecuteFunctions | IWebhookFunctions, itemIndex = 0): string {
	// A webhook context (resume) has no items: its getNodeParameter takes no item index.
	const options = ('getBodyData' in ctx
		? (ctx as IWebhookFunctions).getNodeParameter('options', {})
		: (ctx as IExecuteFunctions).getNodeParameter('options', itemIndex, {})) as IDataObject;
	const field = typeof options?.outputBinaryField === 'string' ? options.outputBinaryField.trim() : '';
	return field || 'data';
}
