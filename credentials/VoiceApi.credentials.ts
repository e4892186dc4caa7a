import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

export class VoiceApi implements ICredentialType {
	name = 'voiceApi';

	displayName = 'Voice API';

	icon = { light: 'file:voiceApi.svg', dark: 'file:voiceApi.dark.svg' } as const;

	documentationUrl = 'https://docs.rapidapi.com/docs/configuring-api-authentication';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://voice-api1.p.rapidapi.com',
			description:
				'The API host is not publicly documented: copy it from the code snippets of your marketplace subscription (or your provider)',
		},
		{
			displayName: 'Authentication',
			name: 'authStyle',
			type: 'options',
			options: [
				{
					name: 'Marketplace Key (X-RapidAPI-Key + X-RapidAPI-Host)',
					value: 'rapidApi',
				},
				{
					name: 'Bearer Token',
					value: 'bearer',
				},
			],
			default: 'rapidApi',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'RapidAPI Host',
			name: 'rapidApiHost',
			type: 'string',
			default: '',
			placeholder: 'voice-api1.p.rapidapi.com',
			description: 'Leave empty to use the host of the Base URL',
			displayOptions: { show: { authStyle: ['rapidApi'] } },
		},
	];

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const headers = { ...(requestOptions.headers ?? {}) };
		const key = String(credentials.apiKey ?? '');
		if (credentials.authStyle === 'bearer') {
			headers.Authorization = `Bearer ${key}`;
		} else {
			headers['X-RapidAPI-Key'] = key;
			headers['X-RapidAPI-Host'] = String(credentials.rapidApiHost || hostOf(String(credentials.baseUrl ?? '')));
		}
		return { ...requestOptions, headers };
	}

	// /v1/health needs no key, so the test lists one model: that proves the key itself.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/v1/models',
			qs: { page: 1, page_size: 1 },
		},
	};
}

function hostOf(baseUrl: string): string {
	try {
		return new URL(baseUrl).host;
	} catch {
		return '';
	}
}
