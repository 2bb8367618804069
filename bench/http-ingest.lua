-- wrk script for bench/http: POSTs a ~700-byte two-party chat vCon under a fresh uuid each time
-- (so every request is a real store write) and counts every answer other than 202.
-- Usage: wrk -s bench/http-ingest.lua URL/v1/TENANT/vcons -- API_KEY VCON_TEMPLATE_FILE
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  key = args[1]
  local file = assert(io.open(args[2], "r")) -- bench/src/main/resources/http-ingest-vcon.json
  template = file:read("*a")
  file:close()
  wrk.method = "POST"
  wrk.headers["Authorization"] = "Bearer " .. key
  wrk.headers["Content-Type"] = "application/json"
  math.randomseed(os.time() * 1000 + id)
  non202 = 0
  sequence = 0
end


-- A version-4 uuid: random bits, the thread id and a per-thread sequence number, so no two
-- requests of a run share one.
local function uuid()
  sequence = sequence + 1
  return string.format("%08x-%04x-4%03x-%04x-%04x%08x",
    math.random(0, 0x7fffffff), math.random(0, 0xffff), math.random(0, 0xfff),
    0x8000 + math.random(0, 0x3fff), id % 0x10000, sequence % 0x100000000)
end

function request()
  return wrk.format(nil, nil, nil, (template:gsub("UUID", uuid(), 1)))
end

function response(status, headers, body)
  if status ~= 202 then
    non202 = non202 + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("non202")
  end
  io.write(string.format("NON202 %d\n", total))
  io.write(string.format("LATENCY_US %d %d %d %d\n", latency:percentile(50),
    latency:percentile(99), latency.max, summary.requests))
end
