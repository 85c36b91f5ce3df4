-- wrk script: rotates through search queries of the query language and
-- prints latency percentiles in milliseconds.
local queries = {
  "minister", "said AND election", '"prime minister"', "speaker:bush",
  "title:iraq", "oil OR gas", "bank*", "kind:direct president",
  "date:2006-01-01..2006-12-31 war", "election NOT iraq", "credit:reuters",
  "(tax OR budget) AND parliament", "source:outlet7.example", "lang:en strike",
}
local function urlencode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
local i = 0
local path = "/search?q="
init = function(args) if args[1] then path = args[1] end end
request = function()
  i = i + 1
  return wrk.format("GET", path .. urlencode(queries[(i % #queries) + 1]))
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms; %d requests, %.1f/s; errors: %d non-2xx, %d socket\n",
    latency:percentile(50)/1000, latency:percentile(95)/1000, latency:percentile(99)/1000, latency.max/1000,
    summary.requests, summary.requests / (summary.duration / 1e6), e.status, e.connect + e.read + e.write + e.timeout))
end
