// Catalog ownership summary: a sandboxed marketplace plugin.
//
// Counts catalog entities per owner and lists those without one, reading the
// catalog as the calling user (the user sees only what they may see).

const PAGE = 500;
const MAX_ENTITIES = 5000;

async function summarize(ctx, kind) {
  const owners = {};
  const unowned = [];
  let total = 0;
  for (let offset = 0; offset < MAX_ENTITIES; offset += PAGE) {
    const { items } = await ctx.catalog.getEntities({
      filter: kind ? { kind } : undefined,
      fields: ['kind', 'metadata.name', 'metadata.namespace', 'spec.owner'],
      limit: PAGE,
      offset,
    });
    for (const entity of items) {
      total += 1;
      const owner = entity.spec && entity.spec.owner;
      const ref = `${entity.kind.toLowerCase()}:${entity.metadata.namespace || 'default'}/${entity.metadata.name}`;
      if (owner) owners[owner] = (owners[owner] || 0) + 1;
      else unowned.push(ref);
    }
    if (items.length < PAGE) break;
  }
  const byOwner = Object.keys(owners)
    .map(owner => ({ owner, count: owners[owner] }))
    .sort((a, b) => b.count - a.count || (a.owner < b.owner ? -1 : 1));
  await ctx.log.debug(`summarized ${total} entities of kind ${kind || 'any'}`);
  return { kind: kind || null, total, owners: byOwner, unowned };
}

exports.routes = {
  'GET /summary': async (req, ctx) => {
    const kind = typeof req.query.kind === 'string' && req.query.kind ? req.query.kind : 'Component';
    return summarize(ctx, kind);
  },
};

exports.actions = {
  'ownership-summary': {
    title: 'Catalog ownership summary',
    description: 'Entities per owner and the entities that have no owner, for one kind (default Component), as the calling user sees the catalog.',
    readOnly: true,
    idempotent: true,
    handler: async (input, ctx) => summarize(ctx, typeof input.kind === 'string' ? input.kind : 'Component'),
  },
};
