-- (e) Sign-in storm: random accounts of the data set (every one with its known password), so
-- the per-account throttle never sees one account hammered. data.logins holds {login, password}
-- pairs.
--
-- BENCH_FORWARDED=1: each account signs in from an address of its own (X-Forwarded-For, which the
-- server trusts with JOURNAL_BEHIND_PROXY=true), as families do from home; unset, every sign-in
-- comes from one address, as a school's staff do behind its NAT.
local common = dofile((os.getenv("BENCH_LUA_DIR") or "bench/lua") .. "/common.lua")
local data
local forwarded = os.getenv("BENCH_FORWARDED") == "1"
local started

-- Run with one connection per thread (wrk -t C -c C), so a request's answer is the next response
-- of its thread and can be timed here: the latency of successful sign-ins apart from the rest.
signed_in_us = {}
other_us = {}

function setup(thread) common.setup(thread) end
function init(args) data = common.load() end

function request()
  local i = math.random(#data.logins)
  local account = data.logins[i]
  local body = '{"login":' .. common.quote(account[1]) ..
      ',"password":' .. common.quote(account[2]) .. '}'
  local headers = { ["Content-Type"] = "application/json" }
  if forwarded then
    headers["X-Forwarded-For"] = string.format("10.%d.%d.%d", math.floor(i / 65536) % 256,
      math.floor(i / 256) % 256, i % 256)
  end
  started = common.now()
  return wrk.format("POST", "/api/v1/auth/login", headers, body)
end

function response(status)
  common.count(status)
  local list = status == 200 and signed_in_us or other_us
  list[#list + 1] = common.now() - started
end

function done(summary, latency)
  common.done(summary, latency, {
    signed_in_us = common.gather("signed_in_us"),
    other_us = common.gather("other_us"),
  })
end
