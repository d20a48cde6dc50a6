import { composeSupergraph } from '../../schema/compose';
import { readSupergraph } from '../../schema/supergraph';

describe('schema/supergraph.graphql', () => {
  it('is exactly what the subgraphs compose to (run `npm run compose` after changing a subgraph)', async () => {
    expect(await composeSupergraph()).toBe(readSupergraph());
  });
});
