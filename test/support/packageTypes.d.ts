/** Types for packageTypes.js: the nodes and credentials package.json registers for n8n. */
import type { ICredentialType, INodeType } from 'n8n-workflow';

import type { ResourceModule } from '../../nodes/shared/operations';

/**
 * Every node, in package.json's order, with its full type name (`n8n-nodes-ai-voice.vmeg`) and,
 * when it has `resources/index.ts`, its typed resource map.
 */
export function packageNodes(): Array<{
	type: string;
	node: INodeType;
	resources?: readonly ResourceModule[];
	/** Whether the node's source folder (`nodes/<Node>/`) has this file. */
	hasFile: (relativePath: string) => boolean;
}>;
/** Every credential type, in package.json's order. */
export function packageCredentials(): ICredentialType[];
