import type { ICredentialDataDecryptedObject, ICredentialTestRequest, ICredentialType, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

export class VmegApi implements ICredentialType {
	name = 'vmegApi';

	displayName = 'VMEG API';

	icon = { light: 'file:vmeg.svg', dark: 'file:vmeg.dark.svg' } as const;

	documentationUrl = 'https://docs.vmeg.ai/guides/authentication';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Create it on the VMEG API Configuration page (https://www.vmeg.ai/open-api-setting); paid plans only',
		},
		{
			displayName: 'Webhook Secret',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Shown on the same page once a Webhook URL is saved. Needed by the VMEG Trigger and by "Resume on Webhook" to verify that callbacks really come from VMEG.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.vmeg.ai',
			description: 'Change only to reach a proxy or a test server',
		},
	];

	// A function rather than a generic `={{$credentials.apiKey}}` header: n8n evaluates a generic
	// one as an expression on every request, a measurable cost for operations over many items.
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return { ...requestOptions, headers: { ...(requestOptions.headers ?? {}), Authorization: `Bearer ${String(credentials.apiKey ?? '')}` } };
	}

	// Listing one task costs nothing and needs a valid key.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/openapi/v1/tasks/list',
			qs: { currentPage: 1, pageSize: 1 },
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: { key: 'code', value: 401, message: 'VMEG rejected the API key' },
			},
		],
	};
}
