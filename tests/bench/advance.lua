-- POST {"version": 1} to advance applications, each id once: every thread takes its own
-- slice of the ids in BENCH_IDS_FILE, so no two requests ever touch the same application.
-- Environment: BENCH_TOKEN, BENCH_IDS_FILE, BENCH_PATH (a format with %d for the id).

local threads = {}

function setup(thread)
   table.insert(threads, thread)
   thread:set("thread_index", #threads)
end

function init(args)
   ok, bad, last_bad, exhausted = 0, 0, 0, 0
   local ids = {}
   for line in io.lines(os.getenv("BENCH_IDS_FILE")) do
      table.insert(ids, tonumber(line))
   end
   local count = tonumber(os.getenv("BENCH_THREADS"))
   local per_thread = math.floor(#ids / count)
   first = (thread_index - 1) * per_thread + 1
   last = first + per_thread - 1
   my_ids = ids
   cursor = first
   path = os.getenv("BENCH_PATH")
   headers = {
      ["Authorization"] = "Token " .. os.getenv("BENCH_TOKEN"),
      ["Content-Type"] = "application/json",
   }
end

function request()
   local id = 0
   if cursor <= last then
      id = my_ids[cursor]
   else
      -- Out of fresh ids: an id nobody has, counted as a failure rather than a repeat.
      exhausted = exhausted + 1
   end
   cursor = cursor + 1
   return wrk.format("POST", string.format(path, id), headers, '{"version": 1}')
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
   local total_ok, total_bad, total_exhausted, last = 0, 0, 0, 0
   for _, thread in ipairs(threads) do
      total_ok = total_ok + thread:get("ok")
      total_bad = total_bad + thread:get("bad")
      total_exhausted = total_exhausted + thread:get("exhausted")
      if thread:get("last_bad") ~= 0 then last = thread:get("last_bad") end
   end
   io.write(string.format(
      'BENCH_RESULT {"ok": %d, "bad": %d, "last_bad_status": %d, "exhausted": %d, ' ..
      '"duration_us": %d, "socket_errors": %d, "p50_ms": %.2f, "p99_ms": %.2f}\n',
      total_ok, total_bad, last, total_exhausted, summary.duration,
      summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
      latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
