// Plumbing for the conformance suite: the page server, the browser, the per-page network recorder
// and the conformance server's handler log. The cases themselves are in conformance.mjs.

import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const PAGES_PORT = 8700;
// A second port serves the same pages, for an origin that differs from an allowed one only by port.
export const OTHER_PAGES_PORT = 8702;
export const SERVER = `http://127.0.0.1:${process.env.CONFORMANCE_PORT || '8701'}`;
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// A fetch that never settles must fail the case, not hang the suite.
export const FETCH_TIMEOUT_MS = 8000;
export const CASE_TIMEOUT_MS = 15000;

export function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// The same bytes for every host name: the origin of a page is all that matters, and it comes from
// the URL the browser navigated to. `/sandbox` embeds `/blank` in a sandboxed frame whose origin is
// opaque, so its requests carry `Origin: null`.
const BLANK = '<!doctype html><meta charset="utf-8"><title>cors conformance</title><body>blank</body>';
const SANDBOX =
  '<!doctype html><meta charset="utf-8"><title>sandbox</title>' +
  '<iframe name="sandboxed" sandbox="allow-scripts" src="/blank"></iframe>';

// Not the framework: a bare endpoint on the page server that answers every preflight with a literal
// `Access-Control-Allow-Headers: *`, which the framework never sends. It lets the suite record what
// Chromium itself does with such an answer (see case 9d).
export const PROBE = `http://127.0.0.1:${PAGES_PORT}/probe`;

function answerProbe(req, res) {
  const headers = {
    'access-control-allow-origin': req.headers.origin ?? '*',
    'access-control-allow-methods': 'PUT',
    'access-control-allow-headers': '*',
    'access-control-max-age': '600',
    vary: 'Origin',
    'cache-control': 'no-store',
  };
  res.writeHead(req.method === 'OPTIONS' ? 204 : 200, headers);
  res.end();
}

export async function startPageServers() {
  return Promise.all([PAGES_PORT, OTHER_PAGES_PORT].map(startPageServer));
}

function startPageServer(port) {
  const server = http.createServer((req, res) => {
    const path = (req.url || '/').split('?')[0];
    if (path.startsWith('/probe/')) {
      answerProbe(req, res);
      return;
    }
    const body = path === '/sandbox' ? SANDBOX : path === '/' || path === '/blank' ? BLANK : null;
    if (body === null) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(body);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

export async function launchBrowser() {
  // A fresh profile per run: no preflight cache, cookies or HSTS state from an earlier run.
  const profile = mkdtempSync(join(tmpdir(), 'cors-conformance-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    timeout: 30000,
  });
  const browserVersion = context.browser()?.version() ?? (await versionFromPage(context));
  return {
    context,
    browserVersion,
    async close() {
      await withTimeout(context.close(), 10000, 'closing Chromium').catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

async function versionFromPage(context) {
  const page = context.pages()[0] ?? (await context.newPage());
  const ua = await page.evaluate(() => navigator.userAgent);
  return /Chrome\/([\d.]+)/.exec(ua)?.[1] ?? ua;
}

// Records, through the DevTools protocol, every request the page makes to the conformance server:
// preflights included (which a page cannot see), with the raw response headers even when CORS
// blocks the response, and Chromium's own reason for a CORS failure. Events arrive independently of
// the page's promises, so `settle()` waits for every recorded request to finish or fail.
export class Recorder {
  constructor(cdp) {
    this.cdp = cdp;
    this.byId = new Map();
    this.order = [];
    this.redirects = 0;
    this.unattributed = [];
    const on = (name, fn) => cdp.on(`Network.${name}`, fn);
    on('requestWillBeSent', (e) => {
      if (e.redirectResponse) {
        // The same request id continues after a redirect: keep the hop as a record of its own.
        const hop = this.get(e.requestId);
        hop.status = e.redirectResponse.status;
        hop.responseHeaders ??= lower(e.redirectResponse.headers);
        hop.done = 'redirected';
        this.byId.delete(e.requestId);
        this.byId.set(`${e.requestId}#${++this.redirects}`, hop);
      }
      const r = this.get(e.requestId);
      r.url = e.request.url;
      r.method = e.request.method;
      r.preflight = e.initiator?.type === 'preflight' || e.type === 'Preflight';
      // A preflight names the request it was sent for.
      if (r.preflight && e.initiator?.requestId) r.preflightFor = e.initiator.requestId;
    });
    on('requestWillBeSentExtraInfo', (e) => {
      this.get(e.requestId).requestHeaders = lower(e.headers);
    });
    on('responseReceivedExtraInfo', (e) => {
      const r = this.get(e.requestId);
      r.status = e.statusCode;
      r.responseHeaders = lower(e.headers);
    });
    on('responseReceived', (e) => {
      const r = this.get(e.requestId);
      r.status ??= e.response.status;
      r.responseHeaders ??= lower(e.response.headers);
    });
    on('loadingFinished', (e) => {
      this.get(e.requestId).done = 'finished';
    });
    on('loadingFailed', (e) => {
      const r = this.get(e.requestId);
      r.done = 'failed';
      r.errorText = e.errorText;
      r.corsError = e.corsErrorStatus?.corsError;
      r.corsParameter = e.corsErrorStatus?.failedParameter || undefined;
      // Why Chromium refused a response that CORS does not cover (CORP, COEP), e.g. `corp-not-same-site`.
      r.blockedReason = e.blockedReason;
    });
  }

  static async attach(context, page) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    const recorder = new Recorder(cdp);
    // Chromium's console line for a CORS failure ("Access to fetch at ... has been blocked by CORS
    // policy: ..."), which the browser model must reproduce word for word.
    cdp.on('Log.entryAdded', ({ entry }) => {
      if (!entry.text?.includes('has been blocked by CORS policy')) return;
      if (entry.networkRequestId) recorder.get(entry.networkRequestId).console = entry.text;
      else recorder.unattributed.push(entry.text);
    });
    await cdp.send('Log.enable');
    return recorder;
  }

  get(id) {
    let r = this.byId.get(id);
    if (!r) {
      r = { id };
      this.byId.set(id, r);
      this.order.push(r);
    }
    return r;
  }

  reset() {
    this.byId.clear();
    this.order = [];
    this.unattributed = [];
  }

  // The console line Chromium printed for request `r`: attributed by request id, or else the one
  // line naming its URL.
  consoleFor(r) {
    if (r.console) return r.console;
    const named = this.unattributed.filter((t) => t.startsWith(`Access to fetch at '${r.url}'`));
    return named.length === 1 ? named[0] : undefined;
  }

  // Requests to the conformance server (or the probe) since the last reset, in the order first seen.
  requests() {
    return this.order.filter((r) => r.url?.startsWith(`${SERVER}/`) || r.url?.startsWith(`${PROBE}/`));
  }

  async settle(maxMs = 2000) {
    const until = Date.now() + maxMs;
    await sleep(30);
    while (Date.now() < until) {
      // A CORS failure's console line may arrive after the failure itself.
      const pending = (r) => !r.done || (r.corsError && !r.preflight && !this.consoleFor(r));
      if (!this.requests().some(pending)) return;
      await sleep(25);
    }
  }
}

function lower(headers = {}) {
  const out = {};
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
  return out;
}

// Runs inside the page (or frame): the only thing a web page can learn about a cross-origin
// response. Must be self-contained, as Playwright serializes its source.
export async function pageFetch({ url, init, read, timeoutMs }) {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    let body;
    try {
      body = (await response.text()).slice(0, 200);
    } catch (e) {
      body = `<body unreadable: ${e.name}>`;
    }
    const headers = {};
    for (const name of read) headers[name] = response.headers.get(name);
    return {
      outcome: 'response',
      type: response.type,
      status: response.status,
      redirected: response.redirected,
      url: response.url,
      headers,
      names: [...response.headers.keys()],
      body,
    };
  } catch (e) {
    return { outcome: 'error', name: e.name, message: e.message };
  }
}

// The conformance server's handler log, read (and cleared) from Node, not from a page.
export async function takeLog() {
  const response = await fetch(`${SERVER}/__log`, { signal: AbortSignal.timeout(5000) });
  if (!response.ok) throw new Error(`GET /__log answered ${response.status}`);
  const entries = await response.json();
  if (!Array.isArray(entries)) throw new Error(`GET /__log did not return an array: ${JSON.stringify(entries)}`);
  return entries;
}
