// Hello counter: a sandboxed marketplace plugin.
//
// Greets the calling user and counts their visits in the plugin's key-value
// store; remembers the last status change the status checker announced.
// Runs in an isolated-vm isolate: no Node APIs, only `ctx` (log, kv, config).

const VISITS = 'visits:';

async function visitCounts(ctx) {
  const keys = await ctx.kv.list(VISITS);
  const counts = {};
  for (const key of keys) counts[key.slice(VISITS.length)] = await ctx.kv.get(key);
  return counts;
}

exports.routes = {
  'GET /hello': async (req, ctx) => {
    const who = req.user || 'guest';
    const visits = ((await ctx.kv.get(VISITS + who)) || 0) + 1;
    await ctx.kv.set(VISITS + who, visits);
    const greeting = (await ctx.config.read('greeting')) || 'Hello';
    await ctx.log.info(`${who} said hello (visit ${visits})`);
    return { message: `${greeting}, ${who}!`, visits };
  },

  'POST /echo': async req => ({ echo: req.body }),

  'GET /visits': async (_req, ctx) => ({ visits: await visitCounts(ctx) }),

  'GET /status-changes': async (_req, ctx) => ({
    last: (await ctx.kv.get('last-status-change')) || null,
  }),
};

exports.actions = {
  'count-visits': {
    title: 'Count hello visits',
    description: 'How many times each user opened the hello page of the hello counter plugin.',
    readOnly: true,
    idempotent: true,
    handler: async (_input, ctx) => ({ visits: await visitCounts(ctx) }),
  },
};

exports.events = {
  'sandbox.marketplace.sandbox-status.status-changed': async (event, ctx) => {
    await ctx.kv.set('last-status-change', event.payload);
    await ctx.log.info(`status change seen: ${JSON.stringify(event.payload)}`);
  },
};
