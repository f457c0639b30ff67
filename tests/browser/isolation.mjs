// Cross-origin isolation cases (issue 16), run by conformance.mjs with the CORS cases: what
// Chromium does with the Cross-Origin-Resource-Policy, -Opener-Policy and -Embedder-Policy headers
// that `#[cors(...)]` puts on the responses of `examples/isolation.rs` (127.0.0.1:8703, reached
// under several host names). Four kinds of case:
// - `page`: navigate to a page of the app; its `self.crossOriginIsolated`, whether it got a
//   `SharedArrayBuffer`, and the policy headers Chromium received with the document.
// - `load`: a page adds an `<img>` or `<script>` (no-cors unless `crossorigin` is given); loaded
//   (the image has its size, the script ran) or blocked, and then for the reason Chromium gives
//   (DevTools `blockedReason`, or a CORS error), so a 404 or a refused connection never passes for
//   a policy block; plus the headers of the subresource as Chromium received them.
// - `fetch`: the same for `fetch(url, { mode: 'no-cors' })`, which resolves (opaque) for any
//   status: it shows that the error responses of a handler carry its CORP header too.
// - `opener`: a page on :8700 opens an app page with `window.open`; whether the new window still
//   has its opener (COOP severs it), and the headers of the opened document.
//
// None of these is replayed through the browser model: it models CORS reads (mode "cors" fetches),
// not no-cors loads, documents or windows; each case says so in the agreement file.

import { Recorder, sleep, withTimeout } from './harness.mjs';

export const ISOLATION_PORT = 8703;
const app = (host) => `http://${host}:${ISOLATION_PORT}`;
const APP = app('localhost');
const APP_OTHER_SITE = app('127.0.0.1');
// Pages of the node page server (no isolation headers at all).
const L = 'http://localhost:8700';
const IP = 'http://127.0.0.1:8700';
const ADMIN = 'http://admin.localhost:8700';
const AX = 'http://a.x.localhost:8700';

const LOAD_TIMEOUT_MS = 5000;
const MODEL_EXCLUDED =
  'cross-origin isolation (CORP, COEP, COOP): the model only models CORS reads, mode "cors" fetches, ' +
  'not no-cors loads, documents or windows';

const POLICY_HEADERS = [
  'cross-origin-opener-policy',
  'cross-origin-embedder-policy',
  'cross-origin-opener-policy-report-only',
  'cross-origin-embedder-policy-report-only',
];

// The four policy headers of a page, as expected: absent (null) unless named.
function pageHeaders(named) {
  return Object.fromEntries(POLICY_HEADERS.map((h) => [h, named[h] ?? null]));
}
const COOP = 'cross-origin-opener-policy';
const COEP = 'cross-origin-embedder-policy';
const CORP = 'cross-origin-resource-policy';
const ACAO = 'access-control-allow-origin';

const pageCase = (id, path, isolated, named, what) => ({
  id,
  kind: 'page',
  title: `page ${path} (${what}): crossOriginIsolated === ${isolated}`,
  page: `${APP}${path}`,
  expect: { isolated, headers: pageHeaders(named) },
});

// A no-cors (or, with `crossorigin`, cors) load of `src` from a page; `outcome` is `loaded` or
// `blocked`, `reason` the DevTools blockedReason (or `cors:<error>`) a block must carry.
const loadCase = (id, title, page, tag, src, expect, crossorigin) => ({
  id,
  kind: 'load',
  title,
  page,
  tag,
  src,
  crossorigin,
  expect,
});

// A no-cors fetch of `src` from a page: `opaque` (with the status Chromium saw) or `blocked`.
const fetchCase = (id, title, page, src, expect) => ({ id, kind: 'fetch', title, page, src, expect });

const openerCase = (id, path, severed, named, what) => ({
  id,
  kind: 'opener',
  title: `window.open(${path}) from ${L} (${what}): ${severed ? 'the new window has no opener' : 'the opener is kept'}`,
  opener: L,
  target: `${APP}${path}`,
  expect: { severed, headers: pageHeaders(named) },
});

const blocked = (reason, headers) => ({ outcome: 'blocked', reason, headers });
const loaded = (headers) => ({ outcome: 'loaded', headers });

export const ISOLATION_CASES = [
  // 1. Cross-origin isolation needs both headers.
  pageCase('iso-1a', '/isolated', true, { [COOP]: 'same-origin', [COEP]: 'require-corp' }, 'COOP same-origin + COEP require-corp'),
  pageCase('iso-1b', '/coop-only', false, { [COOP]: 'same-origin' }, 'COOP same-origin only'),
  pageCase('iso-1c', '/coep-only', false, { [COEP]: 'require-corp' }, 'COEP require-corp only'),
  pageCase('iso-1d', '/plain', false, {}, 'no #[cors]'),
  pageCase('iso-1e', '/credentialless', true, { [COOP]: 'same-origin', [COEP]: 'credentialless' }, 'COOP same-origin + COEP credentialless'),
  pageCase(
    'iso-1f',
    '/report-only',
    false,
    { 'cross-origin-opener-policy-report-only': 'same-origin', 'cross-origin-embedder-policy-report-only': 'require-corp' },
    'both report-only',
  ),
  pageCase(
    'iso-1g',
    '/report-to',
    true,
    { [COOP]: 'same-origin; report-to="coop"', [COEP]: 'require-corp; report-to="coep"' },
    'both enforced, each naming a reporting endpoint',
  ),

  // 2. CORP on no-cors loads from pages without any isolation header. Chromium's same-site is the
  // schemeful site, ports ignored: localhost:8700 and localhost:8703 are one site; 127.0.0.1 is
  // another; and `localhost` counts as a top-level domain, so admin.localhost is a site of its own
  // while a.x.localhost and b.x.localhost share the site x.localhost.
  loadCase('iso-2a', 'CORP same-origin <img> from localhost:8700 (same site, other port): blocked', L, 'img',
    `${APP}/corp-same-origin/pixel.png`, blocked('corp-not-same-origin', { [CORP]: 'same-origin' })),
  loadCase('iso-2b', 'CORP same-origin <script> from localhost:8700: blocked, never ran', L, 'script',
    `${APP}/corp-same-origin/script.js`, blocked('corp-not-same-origin', { [CORP]: 'same-origin' })),
  loadCase('iso-2c', 'CORP same-origin <img> from its own origin (localhost:8703): loaded', `${APP}/plain`, 'img',
    `${APP}/corp-same-origin/pixel.png`, loaded({ [CORP]: 'same-origin' })),
  loadCase('iso-2d', 'CORP cross-origin <img> from 127.0.0.1:8700 (another site): loaded', IP, 'img',
    `${APP}/corp-cross-origin/pixel.png`, loaded({ [CORP]: 'cross-origin' })),
  loadCase('iso-2e', 'CORP cross-origin <script> from 127.0.0.1:8700: loaded and ran', IP, 'script',
    `${APP}/corp-cross-origin/script.js`, loaded({ [CORP]: 'cross-origin' })),
  loadCase('iso-2f', 'CORP same-site <img> from localhost:8700 (same site: ports do not count): loaded', L, 'img',
    `${APP}/corp-same-site/pixel.png`, loaded({ [CORP]: 'same-site' })),
  loadCase('iso-2g', 'CORP same-site <script> from localhost:8700: loaded and ran', L, 'script',
    `${APP}/corp-same-site/script.js`, loaded({ [CORP]: 'same-site' })),
  loadCase('iso-2h', 'CORP same-site <img> on localhost:8703 from 127.0.0.1:8700 (another site): blocked', IP, 'img',
    `${APP}/corp-same-site/pixel.png`, blocked('corp-not-same-site', { [CORP]: 'same-site' })),
  loadCase('iso-2i', 'CORP same-site <script> on localhost:8703 from 127.0.0.1:8700: blocked, never ran', IP, 'script',
    `${APP}/corp-same-site/script.js`, blocked('corp-not-same-site', { [CORP]: 'same-site' })),
  loadCase('iso-2j', 'CORP same-site <img> on localhost:8703 from admin.localhost:8700 (its own site): blocked', ADMIN, 'img',
    `${APP}/corp-same-site/pixel.png`, blocked('corp-not-same-site', { [CORP]: 'same-site' })),
  loadCase('iso-2k', 'CORP same-site <img> on b.x.localhost:8703 from a.x.localhost:8700 (site x.localhost): loaded', AX, 'img',
    `${app('b.x.localhost')}/corp-same-site/pixel.png`, loaded({ [CORP]: 'same-site' })),
  loadCase('iso-2l', 'no CORP <img> from 127.0.0.1:8700, page without COEP: loaded (CORP is opt-in)', IP, 'img',
    `${APP}/no-corp/pixel.png`, loaded({ [CORP]: null })),

  // 3. COEP require-corp on the page (localhost:8703): every cross-origin subresource must opt in.
  loadCase('iso-3a', 'under COEP require-corp: <img> from 127.0.0.1:8703 without CORP or CORS: blocked', `${APP}/isolated`, 'img',
    `${APP_OTHER_SITE}/no-corp/pixel.png`, blocked('corp-not-same-origin-after-defaulted-to-same-origin-by-coep', { [CORP]: null })),
  loadCase('iso-3b', 'under COEP require-corp: <script> without CORP or CORS: blocked, never ran', `${APP}/isolated`, 'script',
    `${APP_OTHER_SITE}/no-corp/script.js`, blocked('corp-not-same-origin-after-defaulted-to-same-origin-by-coep', { [CORP]: null })),
  loadCase('iso-3c', 'under COEP require-corp: <img> with CORP cross-origin: loaded', `${APP}/isolated`, 'img',
    `${APP_OTHER_SITE}/corp-cross-origin/pixel.png`, loaded({ [CORP]: 'cross-origin' })),
  loadCase('iso-3d', 'under COEP require-corp: <script> with CORP cross-origin: loaded and ran', `${APP}/isolated`, 'script',
    `${APP_OTHER_SITE}/corp-cross-origin/script.js`, loaded({ [CORP]: 'cross-origin' })),
  loadCase('iso-3e', 'under COEP require-corp: <img crossorigin> with a CORS policy for the page: loaded', `${APP}/isolated`, 'img',
    `${APP_OTHER_SITE}/cors/pixel.png`, loaded({ [CORP]: null, [ACAO]: APP }), 'anonymous'),
  loadCase('iso-3f', 'under COEP require-corp: <script crossorigin> with a CORS policy for the page: loaded and ran', `${APP}/isolated`, 'script',
    `${APP_OTHER_SITE}/cors/script.js`, loaded({ [CORP]: null, [ACAO]: APP }), 'anonymous'),
  loadCase('iso-3g', 'under COEP require-corp: the same CORS resource without crossorigin (no-cors): blocked', `${APP}/isolated`, 'img',
    `${APP_OTHER_SITE}/cors/pixel.png`, blocked('corp-not-same-origin-after-defaulted-to-same-origin-by-coep', { [CORP]: null })),
  loadCase('iso-3h', 'under COEP require-corp: same-origin <img> without CORP: loaded (COEP only asks other origins)', `${APP}/isolated`, 'img',
    `${APP}/no-corp/pixel.png`, loaded({ [CORP]: null })),
  loadCase('iso-3i', 'under COEP credentialless: <img> from 127.0.0.1:8703 without CORP: loaded (sent without credentials)', `${APP}/credentialless`, 'img',
    `${APP_OTHER_SITE}/no-corp/pixel.png`, loaded({ [CORP]: null })),
  loadCase('iso-3j', 'under COEP require-corp report-only: <img> without CORP: loaded (reported, not blocked)', `${APP}/report-only`, 'img',
    `${APP_OTHER_SITE}/no-corp/pixel.png`, loaded({ [CORP]: null })),
  loadCase('iso-3k', 'under COEP require-corp only (no COOP): <img> without CORP: blocked', `${APP}/coep-only`, 'img',
    `${APP_OTHER_SITE}/no-corp/pixel.png`, blocked('corp-not-same-origin-after-defaulted-to-same-origin-by-coep', { [CORP]: null })),
  // Error responses: CORP must be on them too, or a require-corp page could not even see the error.
  fetchCase('iso-3l', "under COEP require-corp: no-cors fetch of a CORP cross-origin handler's 404: opaque, not blocked",
    `${APP}/isolated`, `${APP_OTHER_SITE}/corp-cross-origin/missing`, { outcome: 'opaque', status: 404, headers: { [CORP]: 'cross-origin' } }),
  fetchCase('iso-3m', "under COEP require-corp: no-cors fetch answered by the handler's Path rejection (400): opaque, not blocked",
    `${APP}/isolated`, `${APP_OTHER_SITE}/numbered/x`, { outcome: 'opaque', status: 400, headers: { [CORP]: 'cross-origin' } }),
  fetchCase('iso-3n', 'under COEP require-corp: no-cors fetch without CORP: TypeError, blocked',
    `${APP}/isolated`, `${APP_OTHER_SITE}/no-corp/pixel.png`,
    { outcome: 'blocked', status: 200, reason: 'corp-not-same-origin-after-defaulted-to-same-origin-by-coep', headers: { [CORP]: null } }),

  // 4. COOP: whether a cross-origin opener keeps its handle on the window.
  openerCase('iso-4a', '/isolated', true, { [COOP]: 'same-origin', [COEP]: 'require-corp' }, 'COOP same-origin'),
  openerCase('iso-4b', '/coop-only', true, { [COOP]: 'same-origin' }, 'COOP same-origin, no COEP'),
  openerCase('iso-4c', '/opener-allow-popups', true, { [COOP]: 'same-origin-allow-popups' }, 'COOP same-origin-allow-popups'),
  openerCase('iso-4d', '/noopener-allow-popups', true, { [COOP]: 'noopener-allow-popups' }, 'COOP noopener-allow-popups'),
  openerCase('iso-4e', '/opener-unsafe-none', false, { [COOP]: 'unsafe-none' }, 'COOP unsafe-none'),
  openerCase('iso-4f', '/plain', false, {}, 'no COOP'),
  openerCase(
    'iso-4g',
    '/report-only',
    false,
    { 'cross-origin-opener-policy-report-only': 'same-origin', 'cross-origin-embedder-policy-report-only': 'require-corp' },
    'COOP same-origin report-only',
  ),

  // 5. Router defaults (`CorsRouter::isolation` on a nested router), replaced key by key by a
  // handler's own `#[cors]` keys.
  pageCase('iso-5a', '/defaults/page', true, { [COOP]: 'same-origin', [COEP]: 'require-corp' }, 'no #[cors], router defaults COOP + COEP'),
  pageCase('iso-5b', '/defaults/override', false, { [COOP]: 'same-origin', [COEP]: 'unsafe-none' }, 'router COOP, handler COEP unsafe-none'),
  loadCase('iso-5c', 'under COEP require-corp: <img> without #[cors] under a router default CORP cross-origin: loaded', `${APP}/isolated`, 'img',
    `${APP_OTHER_SITE}/assets/pixel.png`, loaded({ [CORP]: 'cross-origin' })),
  loadCase('iso-5d', 'under COEP require-corp: <img> whose handler replaces the router default with CORP same-site: blocked (another site)', `${APP}/isolated`, 'img',
    `${APP_OTHER_SITE}/assets/same-site/pixel.png`, blocked('corp-not-same-site', { [CORP]: 'same-site' })),

  // `origin`: the page's, as every case of the agreement file names one.
].map((c) => ({ ...c, origin: new URL(c.page ?? c.opener).origin, modelExcluded: MODEL_EXCLUDED }));

// ---------------------------------------------------------------------------------------------

const nonce = Date.now().toString(36);
const pages = new Map();

async function pageAt(context, url) {
  let entry = pages.get(url);
  if (!entry) {
    const page = await context.newPage();
    page.setDefaultTimeout(10000);
    const recorder = await Recorder.attach(context, page);
    const response = await page.goto(url, { waitUntil: 'load' });
    entry = { page, recorder, response };
    pages.set(url, entry);
  }
  return entry;
}

function tagged(url, c) {
  return `${url}${url.includes('?') ? '&' : '?'}case=${c.id}-${nonce}`;
}

// Inside the page: add the element, wait for load or error. Self-contained (Playwright serializes it).
async function loadInPage({ tag, src, crossorigin, timeoutMs }) {
  const el = document.createElement(tag);
  if (crossorigin) el.crossOrigin = crossorigin;
  const event = await new Promise((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), timeoutMs);
    el.onload = () => (clearTimeout(timer), resolve('load'));
    el.onerror = () => (clearTimeout(timer), resolve('error'));
    el.src = src;
    document.body.append(el);
  });
  const result = {
    event,
    width: tag === 'img' ? el.naturalWidth : null,
    ran: tag === 'script' ? (self.__ran ?? []).includes(el.src) : null,
  };
  el.remove();
  return result;
}

// Inside the page: a no-cors fetch. Self-contained.
async function fetchInPage({ src, timeoutMs }) {
  try {
    const response = await fetch(src, { mode: 'no-cors', signal: AbortSignal.timeout(timeoutMs) });
    return { event: 'response', type: response.type, status: response.status };
  } catch (e) {
    return { event: 'error', name: e.name };
  }
}

function pickHeaders(headers, names) {
  return Object.fromEntries(names.map((n) => [n, headers?.[n] ?? null]));
}

async function runPage(context, c) {
  const page = await context.newPage();
  try {
    page.setDefaultTimeout(10000);
    const response = await page.goto(tagged(c.page, c), { waitUntil: 'load' });
    if (!response) throw new Error(`navigation to ${c.page} gave no response`);
    const seen = await page.evaluate(() => ({
      isolated: self.crossOriginIsolated,
      sharedArrayBuffer: typeof SharedArrayBuffer,
    }));
    return { status: response.status(), headers: pickHeaders(await response.allHeaders(), POLICY_HEADERS), ...seen };
  } finally {
    await page.close();
  }
}

async function runLoad(context, c) {
  const { page, recorder } = await pageAt(context, c.page);
  recorder.reset();
  const src = tagged(c.src, c);
  const result = await withTimeout(
    c.kind === 'fetch'
      ? page.evaluate(fetchInPage, { src, timeoutMs: LOAD_TIMEOUT_MS })
      : page.evaluate(loadInPage, { tag: c.tag, src, crossorigin: c.crossorigin, timeoutMs: LOAD_TIMEOUT_MS }),
    LOAD_TIMEOUT_MS + 2000,
    `${c.tag ?? 'fetch'} ${c.src}`,
  );
  // DevTools events arrive independently of the page's load/error event.
  const until = Date.now() + 2000;
  let request;
  while (Date.now() < until) {
    request = recorder.order.find((r) => r.url === src && !r.preflight);
    // The response's raw headers (responseReceivedExtraInfo) may come after the failure event.
    if (request?.done && request.responseHeaders) break;
    await sleep(25);
  }
  const names = Object.keys(c.expect.headers ?? {});
  return { ...result, request, headers: pickHeaders(request?.responseHeaders, names) };
}

async function runOpener(context, c) {
  const { page } = await pageAt(context, c.opener);
  const target = tagged(c.target, c);
  const responded = context.waitForEvent('response', { predicate: (r) => r.url() === target, timeout: 8000 });
  const [popup] = await Promise.all([
    context.waitForEvent('page', { timeout: 8000 }),
    page.evaluate((url) => void window.open(url), target),
  ]);
  try {
    const response = await responded;
    await popup.waitForLoadState('load');
    const seen = await popup.evaluate(() => ({ url: location.href, hasOpener: window.opener !== null }));
    return { status: response.status(), headers: pickHeaders(await response.allHeaders(), POLICY_HEADERS), ...seen };
  } finally {
    await popup.close();
  }
}

export function runIsolationCase(context, c) {
  if (c.kind === 'page') return runPage(context, c);
  if (c.kind === 'load' || c.kind === 'fetch') return runLoad(context, c);
  return runOpener(context, c);
}

function compareHeaders(want, got, where, problems) {
  for (const [name, value] of Object.entries(want ?? {})) {
    if (got[name] !== value)
      problems.push(`${where} ${name}: ${JSON.stringify(got[name])}, expected ${JSON.stringify(value)}`);
  }
}

export function judgeIsolationCase(c, obs) {
  const problems = [];
  const e = c.expect;
  if (c.kind === 'page') {
    if (obs.status !== 200) problems.push(`page answered ${obs.status}, expected 200`);
    if (obs.isolated !== e.isolated) problems.push(`crossOriginIsolated is ${obs.isolated}, expected ${e.isolated}`);
    // Chromium only exposes SharedArrayBuffer to cross-origin isolated pages.
    const sab = e.isolated ? 'function' : 'undefined';
    if (obs.sharedArrayBuffer !== sab) problems.push(`typeof SharedArrayBuffer is ${obs.sharedArrayBuffer}, expected ${sab}`);
    compareHeaders(e.headers, obs.headers, 'document', problems);
  } else if (c.kind === 'load' || c.kind === 'fetch') {
    const r = obs.request;
    if (!r) problems.push('Chromium recorded no request for the subresource');
    if (e.outcome === 'opaque') {
      // What a no-cors fetch that passed gives the page: an opaque response, status hidden.
      if (obs.event !== 'response' || obs.type !== 'opaque' || obs.status !== 0)
        problems.push(`expected an opaque response, got ${obs.event === 'error' ? obs.name : `${obs.type} ${obs.status}`}`);
      if (r && r.done !== 'finished') problems.push(`request ${r.done ?? 'pending'}${r.errorText ? ` (${r.errorText})` : ''}`);
    } else if (e.outcome === 'loaded') {
      if (obs.event !== 'load') problems.push(`expected the ${c.tag} to load, got ${obs.event}`);
      if (c.tag === 'img' && obs.width !== 1) problems.push(`image width ${obs.width}, expected 1`);
      if (c.tag === 'script' && obs.ran !== true) problems.push('the script did not run');
      if (r && r.done !== 'finished') problems.push(`request ${r.done ?? 'pending'}${r.errorText ? ` (${r.errorText})` : ''}`);
    } else {
      if (obs.event !== 'error') problems.push(`expected the ${c.tag ?? 'fetch'} to be blocked (error), got ${obs.event}`);
      if (c.kind === 'fetch' && obs.name !== 'TypeError') problems.push(`the fetch failed with ${obs.name}, expected TypeError`);
      if (c.tag === 'script' && obs.ran !== false) problems.push('the blocked script ran');
      const reason = r?.blockedReason ?? (r?.corsError ? `cors:${r.corsError}` : undefined);
      if (r && reason !== e.reason)
        problems.push(`blocked for ${JSON.stringify(reason ?? r.errorText ?? r.done ?? 'pending')}, expected ${e.reason}`);
    }
    const status = e.status ?? 200;
    if (r && r.status !== status) problems.push(`subresource answered ${r.status ?? 'nothing'}, expected ${status}`);
    compareHeaders(e.headers, obs.headers, 'subresource', problems);
  } else {
    if (obs.status !== 200) problems.push(`opened page answered ${obs.status}, expected 200`);
    if (!obs.url.startsWith(c.target)) problems.push(`the new window is at ${obs.url}, expected ${c.target}`);
    if (obs.hasOpener === e.severed)
      problems.push(`window.opener is ${obs.hasOpener ? 'kept' : 'null'}, expected ${e.severed ? 'null' : 'kept'}`);
    compareHeaders(e.headers, obs.headers, 'document', problems);
  }
  return problems;
}

const shown = (headers) =>
  Object.entries(headers)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ') || 'no policy headers';

export function summarizeIsolation(c, obs) {
  if (c.kind === 'page')
    return `crossOriginIsolated=${obs.isolated} SharedArrayBuffer:${obs.sharedArrayBuffer} | ${shown(obs.headers)}`;
  if (c.kind === 'load' || c.kind === 'fetch') {
    const r = obs.request;
    const how = r?.blockedReason ?? (r?.corsError ? `CORS ${r.corsError}` : r?.errorText);
    const what =
      c.kind === 'fetch' ? `${obs.type ?? obs.name}, Chromium saw status ${r?.status}` : c.tag === 'img' ? `width ${obs.width}` : `ran ${obs.ran}`;
    return `${obs.event}${how ? ` (${how})` : ''}, ${what} | ${shown(obs.headers)}`;
  }
  return `window.opener ${obs.hasOpener ? 'kept' : 'null'} | ${shown(obs.headers)}`;
}

export function dumpIsolation(c, obs) {
  const r = obs.request;
  if (!r) return `      ${JSON.stringify(obs)}`;
  return [
    `      ${r.method} ${r.url}  (origin: ${r.requestHeaders?.origin ?? '-'})`,
    `        -> ${r.status ?? '-'} ${JSON.stringify(r.responseHeaders ?? {})}  ${r.done ?? 'pending'} ${r.errorText ?? ''} ${r.blockedReason ?? ''}`,
  ].join('\n');
}
