-- wrk script: article pages of random ids in [1, N] (first argument),
-- under the path prefix of the second argument (default /articles/).
local n, prefix = 1, "/articles/"
init = function(args)
  n = tonumber(args[1]) or 1
  if args[2] then prefix = args[2] end
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
end
request = function()
  return wrk.format("GET", prefix .. math.random(1, n))
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms; %d requests, %.1f/s; errors: %d non-2xx, %d socket\n",
    latency:percentile(50)/1000, latency:percentile(95)/1000, latency:percentile(99)/1000, latency.max/1000,
    summary.requests, summary.requests / (summary.duration / 1e6), e.status, e.connect + e.read + e.write + e.timeout))
end
