export interface ExampleWorkflow {
	nodes: Array<{ name: string; type: string; parameters: Record<string, unknown>; credentials?: Record<string, unknown> }>;
	connections: Record<string, { main: Array<Array<{ node: string }>> }>;
}
export function loadExamples(): Array<{ file: string; workflow: ExampleWorkflow }>;
export function runCodeNode(code: string, items: Array<{ json: Record<string, unknown> }>): Array<{ json: Record<string, string> }>;
