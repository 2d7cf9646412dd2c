-- (b) A student's period results as their guardian: a random guardian–child pair and a random
-- period of the child's grade that has begun.
local common = dofile((os.getenv("BENCH_LUA_DIR") or "bench/lua") .. "/common.lua")
local data

function setup(thread) common.setup(thread) end
function init(args) data = common.load() end

function request()
  local c = common.pick(data.diary)
  local period = common.pick(data.periods[c[4]])
  return wrk.format("GET", "/api/v1/students/" .. c[2] .. "/results?period_id=" .. period,
    { ["Authorization"] = "Bearer " .. data.tokens[c[1]] })
end

function response(status) common.count(status) end
function done(summary, latency) common.done(summary, latency) end
