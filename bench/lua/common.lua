-- Shared by the wrk scripts of `make bench`: the callers file, status counts, wall-clock timing,
-- and the result written as JSON for bench/bench.py.
--
-- wrk runs one Lua state per thread (request/response) and one more for setup/done. Each thread
-- keeps its counters in globals; done() collects them with thread:get. The callers file (a Lua
-- table written by `bench.py prepare`) is named by BENCH_CALLERS, the result file by BENCH_RESULT.

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clk_id, bench_timespec *tp);
]]

local M = {}
local threads = {}
local ts = ffi.new("bench_timespec")

-- Microseconds on the monotonic clock (CLOCK_MONOTONIC = 1).
function M.now()
  ffi.C.clock_gettime(1, ts)
  return tonumber(ts.tv_sec) * 1e6 + tonumber(ts.tv_nsec) / 1e3
end

-- Main state: number the threads and keep them for done().
function M.setup(thread)
  threads[#threads + 1] = thread
  thread:set("thread_id", #threads)
end

-- Thread state: the callers, and a random stream of its own.
function M.load()
  local path = os.getenv("BENCH_CALLERS") or error("BENCH_CALLERS is not set")
  local data = dofile(path)
  math.randomseed(os.time() * 1009 + (thread_id or 0) * 7919)
  for _ = 1, 10 do math.random() end
  return data
end

function M.pick(list)
  return list[math.random(#list)]
end

function M.header(headers, name)
  for k, v in pairs(headers) do
    if string.lower(k) == name then return v end
  end
  return nil
end

-- JSON string literal of a plain string.
function M.quote(s)
  s = string.gsub(s, '[%c"\\]', function(c)
    if c == '"' then return '\\"' end
    if c == "\\" then return "\\\\" end
    return string.format("\\u%04x", string.byte(c))
  end)
  return '"' .. s .. '"'
end

statuses = {}

function M.count(status)
  statuses[status] = (statuses[status] or 0) + 1
end

local function is_list(v)
  local n = 0
  for _ in pairs(v) do n = n + 1 end
  return n == #v
end

local function encode(v)
  local t = type(v)
  if t == "table" then
    local parts = {}
    if is_list(v) and #v > 0 then
      for i = 1, #v do parts[i] = encode(v[i]) end
      return "[" .. table.concat(parts, ",") .. "]"
    end
    for k, x in pairs(v) do parts[#parts + 1] = M.quote(tostring(k)) .. ":" .. encode(x) end
    return "{" .. table.concat(parts, ",") .. "}"
  elseif t == "string" then
    return M.quote(v)
  elseif t == "number" then
    if v ~= v or v == math.huge or v == -math.huge then return "null" end
    return string.format("%.17g", v)
  elseif t == "boolean" then
    return tostring(v)
  end
  return "null"
end
M.encode = encode

-- Every thread's value of a global table, merged by adding numbers and appending lists.
function M.gather(name)
  local merged = {}
  for _, t in ipairs(threads) do
    local part = t:get(name) or {}
    if #part > 0 then
      for _, x in ipairs(part) do merged[#merged + 1] = x end
    else
      for k, x in pairs(part) do merged[tostring(k)] = (merged[tostring(k)] or 0) + x end
    end
  end
  return merged
end

-- The result: wrk's own figures (latency in microseconds) plus whatever the script adds.
function M.done(summary, latency, extra)
  local out = {
    requests = summary.requests,
    duration_us = summary.duration,
    bytes = summary.bytes,
    errors = {
      connect = summary.errors.connect,
      read = summary.errors.read,
      write = summary.errors.write,
      status = summary.errors.status,
      timeout = summary.errors.timeout,
    },
    statuses = M.gather("statuses"),
    latency_us = {
      p50 = latency:percentile(50),
      p90 = latency:percentile(90),
      p99 = latency:percentile(99),
      max = latency.max,
      mean = latency.mean,
    },
    threads = #threads,
  }
  for k, v in pairs(extra or {}) do out[k] = v end
  local path = os.getenv("BENCH_RESULT") or error("BENCH_RESULT is not set")
  local f = assert(io.open(path, "w"))
  f:write(encode(out), "\n")
  f:close()
end

return M
