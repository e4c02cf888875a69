/**
 * The code that runs first in every isolate, before the plugin's bundle.
 *
 * It turns the one host callback (`hostCall`, copies of strings only) into the
 * API the plugin sees — a `ctx` handed to every handler with `log`, `kv`,
 * `config`, `catalog`, `events` and `fetch`, each returning a promise — and
 * returns two functions the host keeps references to: `dispatch` (calls a
 * handler of `module.exports`) and `settle` (answers a host call). Neither is
 * left on the global object, and no host object ever enters the isolate:
 * what crosses is JSON text, checked for size on both sides.
 *
 * The intrinsics it needs are captured before the plugin's code runs, so a
 * plugin that replaces `JSON` or `Map.prototype` only confuses itself.
 */
export const BOOTSTRAP_SOURCE = `
(function bootstrap(hostCall, maxArgumentChars, maxResultChars) {
  'use strict';
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  const apply = Reflect.apply;
  const freeze = Object.freeze;
  const keys = Object.keys;
  const PromiseCtor = Promise;
  const promiseResolve = Promise.resolve.bind(Promise);
  const promiseThen = Promise.prototype.then;
  const ErrorCtor = Error;
  const StringCtor = String;
  const pending = new Map();
  const mapGet = Map.prototype.get;
  const mapSet = Map.prototype.set;
  const mapDelete = Map.prototype.delete;
  let seq = 0;

  function encode(value, what, max) {
    let json;
    try {
      json = stringify(value === undefined ? null : value);
    } catch (e) {
      throw new TypeError(what + ' must be JSON: ' + (e && e.message));
    }
    if (typeof json !== 'string') json = 'null';
    if (json.length > max) {
      throw new RangeError(what + ' is ' + json.length + ' characters of JSON; the limit is ' + max);
    }
    return json;
  }

  function call(callId, op, args) {
    return new PromiseCtor(function (resolve, reject) {
      const id = ++seq;
      apply(mapSet, pending, [id, { resolve: resolve, reject: reject }]);
      try {
        hostCall(id, callId, op, encode(args, 'The arguments of ' + op, maxArgumentChars));
      } catch (e) {
        apply(mapDelete, pending, [id]);
        reject(e);
      }
    });
  }

  function settle(id, ok, json) {
    const waiter = apply(mapGet, pending, [id]);
    if (!waiter) return;
    apply(mapDelete, pending, [id]);
    const value = json === undefined ? undefined : parse(json);
    if (ok) {
      waiter.resolve(value);
    } else {
      const error = new ErrorCtor(value && value.message);
      error.name = (value && value.name) || 'Error';
      waiter.reject(error);
    }
  }

  function text(values) {
    let out = '';
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      let s;
      if (typeof v === 'string') s = v;
      else {
        try { s = stringify(v); } catch (e) { s = StringCtor(v); }
        if (s === undefined) s = StringCtor(v);
      }
      out += (i ? ' ' : '') + s;
    }
    return out;
  }

  function logger(callId) {
    const at = function (level) {
      return function () { return call(callId, 'log', [level, text(arguments)]); };
    };
    return freeze({ debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') });
  }

  function api(callId, user) {
    return freeze({
      user: user,
      log: logger(callId),
      kv: freeze({
        get: function (key) { return call(callId, 'kv.get', [key]); },
        set: function (key, value) { return call(callId, 'kv.set', [key, value]); },
        delete: function (key) { return call(callId, 'kv.delete', [key]); },
        list: function (prefix) { return call(callId, 'kv.list', [prefix === undefined ? '' : prefix]); },
      }),
      config: freeze({
        read: function (path) { return call(callId, 'config.read', [path === undefined ? '' : path]); },
      }),
      catalog: freeze({
        getEntities: function (request) { return call(callId, 'catalog.getEntities', [request || {}]); },
        getEntityByRef: function (ref) { return call(callId, 'catalog.getEntityByRef', [ref]); },
      }),
      events: freeze({
        publish: function (name, payload) { return call(callId, 'events.publish', [name, payload]); },
      }),
      fetch: function (url, init) { return call(callId, 'fetch', [url, init || {}]); },
    });
  }

  // console works outside calls too; lines go to the plugin's log when it may log.
  const quiet = function (level) {
    return function () {
      apply(promiseThen, call(undefined, 'log', [level, text(arguments)]), [undefined, function () {}]);
    };
  };
  globalThis.console = freeze({
    log: quiet('info'), info: quiet('info'), debug: quiet('debug'), warn: quiet('warn'), error: quiet('error'),
  });

  const module = { exports: {} };
  globalThis.module = module;
  globalThis.exports = module.exports;

  function section(name) {
    const exported = module.exports;
    const value = exported && typeof exported === 'object' ? exported[name] : undefined;
    return value && typeof value === 'object' ? value : {};
  }

  function handlerOf(entry) {
    if (typeof entry === 'function') return entry;
    if (entry && typeof entry.handler === 'function') return entry.handler;
    return undefined;
  }

  function describe() {
    const out = { routes: [], actions: {}, tasks: {}, events: [], start: false };
    const routes = section('routes');
    for (const key of keys(routes)) if (handlerOf(routes[key])) out.routes.push(key);
    const actions = section('actions');
    for (const key of keys(actions)) {
      const a = actions[key];
      if (!handlerOf(a)) continue;
      out.actions[key] = {
        title: typeof a.title === 'string' ? a.title : key,
        description: typeof a.description === 'string' ? a.description : '',
        readOnly: a.readOnly === true,
        destructive: a.destructive === true,
        idempotent: a.idempotent === true,
      };
    }
    const tasks = section('tasks');
    for (const key of keys(tasks)) {
      const t = tasks[key];
      if (handlerOf(t)) out.tasks[key] = { frequencyMinutes: typeof t.frequencyMinutes === 'number' ? t.frequencyMinutes : 60 };
    }
    const events = section('events');
    for (const key of keys(events)) if (handlerOf(events[key])) out.events.push(key);
    out.start = typeof (module.exports && module.exports.start) === 'function';
    return out;
  }

  const sections = { route: 'routes', action: 'actions', task: 'tasks', event: 'events' };

  function dispatch(kind, name, callId, payloadJson, user) {
    if (kind === 'describe') return encode(describe(), 'The description', maxResultChars);
    let handler;
    if (kind === 'start') {
      handler = module.exports && module.exports.start;
      if (typeof handler !== 'function') return 'null';
    } else {
      handler = handlerOf(section(sections[kind])[name]);
      if (!handler) throw new ErrorCtor('The plugin has no ' + kind + ' "' + name + '"');
    }
    const payload = parse(payloadJson);
    const ctx = api(callId, user === '' ? undefined : user);
    const run = apply(promiseThen, promiseResolve(undefined), [function () {
      return kind === 'start' ? handler(ctx) : handler(payload, ctx);
    }]);
    return apply(promiseThen, run, [function (result) {
      return encode(result, 'The result', maxResultChars);
    }]);
  }

  return { dispatch: dispatch, settle: settle };
})
`;
