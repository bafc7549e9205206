-- A candidate, then their application, again and again: POST the candidate, read its
-- id from the answer, POST the application. One connection per thread (wrk -tN -cN),
-- so each thread's state is its connection's. A pair counts when both answered 201.
-- Environment: BENCH_TOKEN, BENCH_RUN (unique per run), BENCH_JOB, BENCH_SPECIALTY,
-- BENCH_CANDIDATES_PATH, BENCH_APPLICATIONS_PATH.

local threads = {}

function setup(thread)
   table.insert(threads, thread)
   thread:set("thread_index", #threads)
end

function init(args)
   ok, bad, last_bad, exhausted = 0, 0, 0, 0
   made, candidate_id = 0, nil
   run = os.getenv("BENCH_RUN")
   job = os.getenv("BENCH_JOB")
   specialty = os.getenv("BENCH_SPECIALTY")
   candidates_path = os.getenv("BENCH_CANDIDATES_PATH")
   applications_path = os.getenv("BENCH_APPLICATIONS_PATH")
   headers = {
      ["Authorization"] = "Token " .. os.getenv("BENCH_TOKEN"),
      ["Content-Type"] = "application/json",
   }
end

function request()
   if candidate_id then
      local body = string.format('{"candidate": %s, "job": %s}', candidate_id, job)
      return wrk.format("POST", applications_path, headers, body)
   end
   made = made + 1
   local email = string.format("%s-%d-%d@create.bench", run, thread_index, made)
   local body = string.format(
      '{"full_name": "Chen Jing", "email": "%s", "education": "master", ' ..
      '"years_experience": "3.5", "source": "careers_site", "specialties": [%s], ' ..
      '"publications": [{"title": "A workshop paper", "venue": "NLPCC", "year": 2024, ' ..
      '"tier": "other", "specialty": %s}]}', email, specialty, specialty)
   return wrk.format("POST", candidates_path, headers, body)
end

function response(status, headers, body)
   if candidate_id then
      candidate_id = nil
      if status == 201 then ok = ok + 1 else bad = bad + 1; last_bad = status end
   elseif status == 201 then
      candidate_id = string.match(body, '"id":%s*(%d+)')
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
      'BENCH_RESULT {"ok": %d, "bad": %d, "last_bad_status": %d, "exhausted": 0, ' ..
      '"duration_us": %d, "socket_errors": %d, "p50_ms": %.2f, "p99_ms": %.2f}\n',
      total_ok, total_bad, last, summary.duration,
      summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
      latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
