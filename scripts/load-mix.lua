-- wrk script for scripts/load-faults.sh: a fixed rotation of allowed and disallowed actual
-- requests, allowed and refused preflights and a 405, against the quickstart example.
-- Each thread stops itself after the quota given as the first script argument and leaves a
-- marker file in the directory given as the second; wrk's main thread only ends at -d, so the
-- calling script sends it SIGINT once every thread has left its marker (wrk then reports as
-- usual). Counts statuses, and CORS answers that are wrong.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

local app = "https://app.example.com"
local evil = "https://evil.example.net"

function init(args)
  quota = tonumber(args[1]) or 0
  markers = args[2]
  stopped = false
  responses = 0
  s200, s204, s403, s405, sother, wrong = 0, 0, 0, 0, 0, 0
  i = 0
  reqs = {
    wrk.format("GET", "/users", { Origin = app }),
    wrk.format("GET", "/users", { Origin = evil }),
    wrk.format("OPTIONS", "/users", {
      Origin = app,
      ["Access-Control-Request-Method"] = "POST",
      ["Access-Control-Request-Headers"] = "content-type",
    }),
    wrk.format("OPTIONS", "/users", {
      Origin = evil,
      ["Access-Control-Request-Method"] = "POST",
    }),
    wrk.format("DELETE", "/health", { Origin = app }),
    wrk.format("GET", "/health", { Origin = evil }),
  }
end

function request()
  i = i + 1
  return reqs[(i % #reqs) + 1]
end

function response(status, headers, body)
  responses = responses + 1
  local acao = headers["access-control-allow-origin"] or headers["Access-Control-Allow-Origin"]
  if status == 200 then
    s200 = s200 + 1
  elseif status == 204 then
    s204 = s204 + 1
    if acao ~= app then wrong = wrong + 1 end
  elseif status == 403 then
    s403 = s403 + 1
    if acao ~= nil then wrong = wrong + 1 end
  elseif status == 405 then
    s405 = s405 + 1
  else
    sother = sother + 1
  end
  -- Only the allowed origin or the public route's `*` may ever be answered.
  if acao ~= nil and acao ~= app and acao ~= "*" then wrong = wrong + 1 end
  if quota > 0 and responses >= quota and not stopped then
    stopped = true
    if markers then
      local f = io.open(markers .. "/" .. tostring(id), "w")
      if f then f:close() end
    end
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local t = { s200 = 0, s204 = 0, s403 = 0, s405 = 0, sother = 0, wrong = 0 }
  for _, thread in ipairs(threads) do
    for k, _ in pairs(t) do
      t[k] = t[k] + (thread:get(k) or 0)
    end
  end
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d seconds=%.2f rps=%.0f errors_connect=%d errors_read=%d errors_write=%d errors_timeout=%d " ..
    "s200=%d s204=%d s403=%d s405=%d other=%d wrong_cors=%d p50_us=%d p99_us=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    e.connect, e.read, e.write, e.timeout,
    t.s200, t.s204, t.s403, t.s405, t.sother, t.wrong,
    latency:percentile(50), latency:percentile(99)))
end
