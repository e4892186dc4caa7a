import { packageNodes } from '../../support/packageTypes';
import { descriptionView } from './descriptionView';

/**
 * The editor's view of every node (descriptionView), against the committed snapshot: a change in
 * source layout must leave it as it is; a change in behaviour updates it on purpose
 * (`npx jest --selectProjects unit -t descriptions -u`), and the diff shows what users will see.
 */
describe('node descriptions as the editor shows them', () => {
	// Every node package.json registers, named by its display name.
	it.each(packageNodes().map(({ node }) => [node.description.displayName, node.description] as const))('%s', (_name, description) => {
		expect(descriptionView(description)).toMatchSnapshot();
	});
});
