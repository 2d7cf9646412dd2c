-- (d) A teacher saves 25 marks of a journal page with If-Match, as the SPA does: read the page
-- (its ETag and the marks as they are), change the 25 cells, save. A 412 (the ETag went stale
-- because another writer saved first) is the correct answer: re-read and retry the same page.
--
-- Lost-update check: the 25 cells carry a counter in their comment ("bench N"). A writer reads N
-- and saves N+1 with the ETag of that read. With no lost update the saves of a page that answer
-- 200 carry N+1 = 1, 2, 3, ... each exactly once; two 200s with the same N+1 on one page mean one
-- overwrote the other unseen (a lost update). Every saved page must also hold one counter in all
-- its 25 cells (no torn save). bench.py checks the final pages against these records as well.
--
-- Run with one connection per thread (wrk -t W -c W): request() and response() then alternate
-- on one connection, so the state below is the connection's.
local common = dofile((os.getenv("BENCH_LUA_DIR") or "bench/lua") .. "/common.lua")
local data

local reading = true   -- the next request is the read of `page`, else its save
local page, etag, counter, started

saved = {}             -- "page:counter" -> number of 200 answers carrying it
stale = {}             -- "412" -> count
torn = {}              -- "torn" -> pages read with differing counters in their cells
save_latency_us = {}   -- every save answered (200, 412 or other)
read_latency_us = {}   -- every read of the page before a save
save_status = {}       -- status -> count, saves only

function setup(thread) common.setup(thread) end

function init(args)
  data = common.load()
  page = math.random(#data.save)
end

local function body(p, n)
  local parts = {}
  for i, c in ipairs(p.cells) do
    parts[i] = string.format(
      '{"kind":"mark","entry_id":"%s","lesson_date":"%s","student_id":"%s","work_type":%s,' ..
      '"value":"%d","comment":"bench %d"}',
      c[1], c[2], c[3], common.quote(p.work_type), 2 + (n + i) % 4, n)
  end
  return '{"changes":[' .. table.concat(parts, ",") .. ']}'
end

-- The counter the page's bench cells hold (0 before the first save), and whether they agree.
local function counter_of(text)
  local low, high
  for n in string.gmatch(text, '"comment":"bench (%d+)"') do
    n = tonumber(n)
    if not low or n < low then low = n end
    if not high or n > high then high = n end
  end
  return high or 0, low == high
end

function request()
  local p = data.save[page]
  local auth = "Bearer " .. data.tokens[p.token]
  started = common.now()
  if reading then
    return wrk.format("GET", p.path, { ["Authorization"] = auth })
  end
  return wrk.format("POST", p.path, {
    ["Authorization"] = auth,
    ["Content-Type"] = "application/json",
    ["If-Match"] = etag,
  }, body(p, counter + 1))
end

function response(status, headers, text)
  common.count(status)
  local took = common.now() - started
  if reading then
    read_latency_us[#read_latency_us + 1] = took
    if status == 200 then
      local consistent
      etag = common.header(headers, "etag")
      counter, consistent = counter_of(text)
      if not consistent then torn.torn = (torn.torn or 0) + 1 end
      reading = etag == nil
    end
    return
  end
  save_latency_us[#save_latency_us + 1] = took
  save_status[status] = (save_status[status] or 0) + 1
  reading = true
  if status == 200 then
    local n = counter_of(text)
    local key = page .. ":" .. n
    saved[key] = (saved[key] or 0) + 1
    page = math.random(#data.save)
  elseif status == 412 then
    stale["412"] = (stale["412"] or 0) + 1
  else
    page = math.random(#data.save)
  end
end

function done(summary, latency)
  common.done(summary, latency, {
    saved = common.gather("saved"),
    stale = common.gather("stale"),
    torn = common.gather("torn"),
    save_status = common.gather("save_status"),
    save_latency_us = common.gather("save_latency_us"),
    read_latency_us = common.gather("read_latency_us"),
  })
end
