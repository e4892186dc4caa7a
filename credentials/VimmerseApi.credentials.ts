import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

export class VimmerseApi implements ICredentialType {
	name = 'vimmerseApi';

	displayName = 'Vimmerse API';

	icon = { light: 'file:vimmerse.svg', dark: 'file:vimmerse.dark.svg' } as const;

	documentationUrl = 'https://vimmerse-api.redoc.ly';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Vimmerse issues keys on request (contact Vimmerse); sent as the X-Api-Key header',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.vimmerse.net',
			description: 'Change only to reach a proxy or a test server',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { 'X-Api-Key': '={{$credentials.apiKey}}' },
		},
	};

	// A credit estimate needs a valid key but creates nothing and costs nothing.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/v2/audio/estimate-credits',
			method: 'POST',
			body: { app_name: 'text-to-speech', option: 'ElevenLabsTTS', quantity: 1 },
		},
	};
}
