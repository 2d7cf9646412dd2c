-- (a) A student's diary week as their guardian: a random guardian–child pair of the whole data
-- set and a random week of the school year up to this one. BENCH_DIARY_SET=diary_small or
-- diary_large takes the pairs of the smallest or the largest schools instead.
local common = dofile((os.getenv("BENCH_LUA_DIR") or "bench/lua") .. "/common.lua")
local data
local set = os.getenv("BENCH_DIARY_SET") or "diary"

function setup(thread) common.setup(thread) end
function init(args) data = common.load() end

function request()
  local c = common.pick(data[set])
  local week = common.pick(data.weeks[c[3]])
  return wrk.format("GET", "/api/v1/students/" .. c[2] .. "/diary?from=" .. week,
    { ["Authorization"] = "Bearer " .. data.tokens[c[1]] })
end

function response(status) common.count(status) end
function done(summary, latency) common.done(summary, latency) end
