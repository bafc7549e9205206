-- GET one URL with token auth; counts 2xx and other answers, reported as one JSON line.
-- Environment: BENCH_TOKEN.

local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

function init(args)
   ok, bad, last_bad = 0, 0, 0
   wrk.headers["Authorization"] = "Token " .. os.getenv("BENCH_TOKEN")
end

function response(status, headers, body)
   if status >= 200 and status < 300 then
      ok = ok + 1
   else
      bad = bad + 1
      last_bad = status
   end
end

function done(summary, latency, requests)
   local total_ok, total_bad, last = 0, 0, 0
   for _, thread in ipairs(threads) do
      total_ok = total_ok + thread:get("ok")
      total_bad = total_bad + thread:get("bad")
      if thread:get("last_bad") ~= 0 then last = thread:get("last_bad") end
   end
   io.write(string.format(
      'BENCH_RESULT {"ok": %d, "bad": %d, "last_bad_status": %d, "duration_us": %d, ' ..
      '"socket_errors": %d, "p50_ms": %.2f, "p99_ms": %.2f}\n',
      total_ok, total_bad, last, summary.duration,
      summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
      latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
