-- wrk script: POSTs one real GitHub delivery body with a valid X-Hub-Signature-256 and a unique
-- X-GitHub-Delivery per request (closed loop). Inputs from the environment:
--   BENCH_PAYLOAD (file), BENCH_HOOK_ID, BENCH_SIGNATURE ("sha256=<hex>" of the file with the hook's secret)
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("thread_id", #threads)
  table.insert(threads, thread)
end

function init(args)
  local f = assert(io.open(os.getenv("BENCH_PAYLOAD"), "rb"))
  body = f:read("*all")
  f:close()
  hook_id = os.getenv("BENCH_HOOK_ID")
  signature = os.getenv("BENCH_SIGNATURE")
  run_id = tostring(os.time())
end

function request()
  counter = counter + 1
  local headers = {
    ["Content-Type"] = "application/json",
    ["User-Agent"] = "GitHub-Hookshot/bench",
    ["X-GitHub-Event"] = "workflow_run",
    ["X-GitHub-Hook-ID"] = hook_id,
    ["X-GitHub-Delivery"] = string.format("%s-%d-%012d", run_id, thread_id, counter),
    ["X-Hub-Signature-256"] = signature,
  }
  return wrk.format("POST", nil, headers, body)
end
