import type { IExecuteFunctions, IExecuteSingleFunctions, IWebhookFunctions } from 'n8n-workflow';

/**
 * A node parameter of one item, whatever the context: a run (`getNodeParameter(name, item,
 * fallback)`), one item's declarative request (`(name, fallback)`: a second argument there is
 * the fallback, not the item), or a resumed webhook (`(name, fallback)`). A parameter that n8n
 * cannot resolve gives the fallback.
 */
export function parameterOf(
	ctx: IExecuteFunctions | IExecuteSingleFunctions | IWebhookFunctions,
	name: string,
	itemIndex: number,
	fallback: unknown,
): unknown {
	try {
		if ('getItemIndex' in ctx || !('getInputData' in ctx)) return (ctx as IExecuteSingleFunctions | IWebhookFunctions).getNodeParameter(name, fallback);
		return ctx.getNodeParameter(name, itemIndex, fallback);
	} catch {
		return fallback;
	}
}
