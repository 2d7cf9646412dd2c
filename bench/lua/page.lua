-- (c) A journal page as its teacher: a random teacher, one of their teaching assignments and a
-- period of it that has begun. Also the reads that go on while (d) saves.
local common = dofile((os.getenv("BENCH_LUA_DIR") or "bench/lua") .. "/common.lua")
local data

function setup(thread) common.setup(thread) end
function init(args) data = common.load() end

function request()
  local p = common.pick(data.pages)
  return wrk.format("GET", p[2], { ["Authorization"] = "Bearer " .. data.tokens[p[1]] })
end

function response(status) common.count(status) end
function done(summary, latency) common.done(summary, latency) end
