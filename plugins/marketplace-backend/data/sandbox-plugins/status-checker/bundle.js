// Status checker: a sandboxed marketplace plugin.
//
// Every five minutes, reads the Statuspage summary (`/api/v2/status.json`) of
// each configured service, keeps the latest in the key-value store and
// announces a change on its `status-changed` event. Fetch reaches only the
// hosts its manifest lists, on public addresses.

async function checkAll(ctx) {
  const targets = (await ctx.config.read('targets')) || [];
  const results = [];
  for (const target of targets) {
    const previous = await ctx.kv.get(`status:${target.name}`);
    let current;
    try {
      const response = await ctx.fetch(target.url, { headers: { accept: 'application/json' } });
      const body = response.status === 200 ? JSON.parse(response.body) : undefined;
      const indicator = body && body.status ? body.status.indicator : `http-${response.status}`;
      current = {
        name: target.name,
        indicator,
        description: body && body.status ? body.status.description : response.statusText,
        ok: indicator === 'none',
        checkedAt: new Date().toISOString(),
      };
    } catch (error) {
      current = { name: target.name, indicator: 'unreachable', description: String(error.message || error), ok: false, checkedAt: new Date().toISOString() };
    }
    await ctx.kv.set(`status:${target.name}`, current);
    if (!previous || previous.indicator !== current.indicator) {
      await ctx.events.publish('status-changed', { name: target.name, from: previous ? previous.indicator : null, to: current.indicator });
      await ctx.log.info(`${target.name}: ${previous ? previous.indicator : 'unknown'} -> ${current.indicator}`);
    }
    results.push(current);
  }
  return results;
}

async function latest(ctx) {
  const keys = await ctx.kv.list('status:');
  const services = [];
  for (const key of keys) services.push(await ctx.kv.get(key));
  return { services };
}

exports.routes = {
  'GET /status': async (_req, ctx) => latest(ctx),
  'POST /check': async (_req, ctx) => ({ services: await checkAll(ctx) }),
};

exports.tasks = {
  check: { frequencyMinutes: 5, handler: async (_payload, ctx) => { await checkAll(ctx); } },
};

exports.actions = {
  'service-status': {
    title: 'Service status',
    description: 'The latest status of the services the status checker watches (GitHub, npm by default).',
    readOnly: true,
    handler: async (_input, ctx) => latest(ctx),
  },
};
