-- wrk script of the benchmark (bench/run): POSTs the real fixtures of all four providers, in turn, to
-- /webhooks/<provider>, each body made unique and each request carrying its provider's authentication.
--
-- Environment (bench/run sets it):
--   BENCH_FIXTURES          folder holding <provider>/*.json (default src/test/resources/fixtures)
--   BENCH_WIAPY_TOKEN       Wiapy's token, sent raw as the Authorization header
--   BENCH_ABACATEPAY_SECRET AbacatePay's webhook secret, sent as ?webhookSecret=
--   BENCH_NONCE             distinct per wrk invocation, so that no two invocations send the same ids
--   BENCH_RATE              total requests per second; 0 or unset = closed loop (each connection sends its next
--                           request as soon as the previous answer came back)
--   BENCH_THREADS           wrk's -t, to split BENCH_RATE between the threads
--
-- Uniqueness: every string value of a key named "id" gets "-<nonce>t<thread>n<counter>" appended. The object id
-- (order, charge, payment, subscription, offer...) and AbacatePay's delivery id, from which Ponte derives its
-- deterministic event id, are all such values, so every request is a new event (bench/run checks that Ponte
-- counted no duplicate). Cakto and Arkama carry their secret/token in the fixture body already.
--
-- AbacatePay: X-Webhook-Signature = Base64(HMAC-SHA256(body)) keyed with AbacatePay's public key, computed here
-- for every body (LuaJIT bit ops; the key's inner and outer blocks are hashed once). init() checks it against
-- the signatures of the unchanged fixtures (fixtures/abacatepay-signatures.json) and aborts on a mismatch.
--
-- Constant rate (BENCH_RATE > 0): wrk 4 has no open-loop mode (wrk2 is not packaged by Debian), so delay() paces
-- each thread on a fixed schedule: every send takes the next slot of its thread's schedule (interval =
-- threads/rate), waits for it, or goes at once when the slot is already past (catching up, as wrk2 does). With
-- many more connections than requests in flight, sends are on time and wrk's latency (measured from the actual
-- send) is the latency from the scheduled time. When every connection is busy, sends fall behind: done() prints
-- how many went more than 2 ms late and the worst lag, so a run that was not open-loop is visible.

local ffi = require("ffi")
local bit = require("bit")

ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clk_id, bench_timespec *tp);
]]

local band, bor, bxor, bnot = bit.band, bit.bor, bit.bxor, bit.bnot
local rshift, lshift, ror, tobit = bit.rshift, bit.lshift, bit.ror, bit.tobit
local sbyte, schar, srep = string.byte, string.char, string.rep

local ts = ffi.new("bench_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

---------------------------------------------------------------------------------------------------- SHA-256
local K = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
}
for i = 1, 64 do K[i] = tobit(K[i]) end
local IV = {
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
}
for i = 1, 8 do IV[i] = tobit(IV[i]) end

local W = {}
-- one 64-byte block of s starting at 1-based position p into the state H (a table of 8 int32)
local function compress(H, s, p)
  for j = 0, 15 do
    local a, b, c, d = sbyte(s, p + j * 4, p + j * 4 + 3)
    W[j] = bor(lshift(a, 24), lshift(b, 16), lshift(c, 8), d)
  end
  for j = 16, 63 do
    local w15, w2 = W[j - 15], W[j - 2]
    local s0 = bxor(ror(w15, 7), ror(w15, 18), rshift(w15, 3))
    local s1 = bxor(ror(w2, 17), ror(w2, 19), rshift(w2, 10))
    W[j] = tobit(W[j - 16] + s0 + W[j - 7] + s1)
  end
  local a, b, c, d, e, f, g, h = H[1], H[2], H[3], H[4], H[5], H[6], H[7], H[8]
  for j = 0, 63 do
    local S1 = bxor(ror(e, 6), ror(e, 11), ror(e, 25))
    local ch = bxor(band(e, f), band(bnot(e), g))
    local t1 = h + S1 + ch + K[j + 1] + W[j]
    local S0 = bxor(ror(a, 2), ror(a, 13), ror(a, 22))
    local maj = bxor(band(a, b), band(a, c), band(b, c))
    h, g, f, e, d, c, b, a = g, f, e, tobit(d + t1), c, b, a, tobit(t1 + S0 + maj)
  end
  H[1], H[2], H[3], H[4] = tobit(H[1] + a), tobit(H[2] + b), tobit(H[3] + c), tobit(H[4] + d)
  H[5], H[6], H[7], H[8] = tobit(H[5] + e), tobit(H[6] + f), tobit(H[7] + g), tobit(H[8] + h)
end

local function digest_bytes(H)
  local out = {}
  for i = 1, 8 do
    local v = H[i]
    out[i] = schar(band(rshift(v, 24), 255), band(rshift(v, 16), 255), band(rshift(v, 8), 255), band(v, 255))
  end
  return table.concat(out)
end

-- SHA-256 of (prefix .. data) given the state after the prefix (prefixLen bytes, a multiple of 64)
local function sha256_from(H0, prefixLen, data)
  local H = { H0[1], H0[2], H0[3], H0[4], H0[5], H0[6], H0[7], H0[8] }
  local n = #data
  local full = n - n % 64
  for p = 1, full, 64 do compress(H, data, p) end
  local bits = (prefixLen + n) * 8
  local tail = data:sub(full + 1) .. "\128"
  local padLen = (56 - #tail % 64) % 64
  local hi = math.floor(bits / 4294967296)
  local lo = bits % 4294967296
  tail = tail .. srep("\0", padLen)
      .. schar(band(rshift(hi, 24), 255), band(rshift(hi, 16), 255), band(rshift(hi, 8), 255), band(hi, 255))
      .. schar(math.floor(lo / 16777216) % 256, math.floor(lo / 65536) % 256, math.floor(lo / 256) % 256, lo % 256)
  for p = 1, #tail, 64 do compress(H, tail, p) end
  return digest_bytes(H)
end

local B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
local B64T = {}
for i = 1, 64 do B64T[i - 1] = B64:sub(i, i) end
local function base64(s)
  local out = {}
  for i = 1, #s, 3 do
    local a, b, c = sbyte(s, i, i + 2)
    local n = a * 65536 + (b or 0) * 256 + (c or 0)
    local c1, c2 = B64T[math.floor(n / 262144) % 64], B64T[math.floor(n / 4096) % 64]
    local c3 = b and B64T[math.floor(n / 64) % 64] or "="
    local c4 = c and B64T[n % 64] or "="
    out[#out + 1] = c1 .. c2 .. c3 .. c4
  end
  return table.concat(out)
end

-- AbacatePay's published public key (src/main/java/dev/ponte/provider/abacatepay/AbacatePaySignature.java)
local ABACATEPAY_KEY = "t9dXRhHHo3yDEj5pVDYz0frf7q6bMKyMRmxxCPIPp3RCplBfXRxqlC6ZpiWmOqj4L63qEaeUOtrCI8P0VMUgo6iIga2ri9og"
    .. "aHFs0WIIywSMg0q7RmBfybe1E5XJcfC4IW3alNqym0tXoAKkzvfEjZxV6bE0oG2zJrNNYmUCKZyV0KZ3JS8Votf9EAWWYdiDkMkpbMdPggfh1E"
    .. "qHlVkMiTady6jOR3hyzGEHrIz2Ret0xHKMbiqkr9HS1JhNHDX9"

local HMAC_INNER, HMAC_OUTER
do
  local key = ABACATEPAY_KEY
  if #key > 64 then key = sha256_from(IV, 0, key) end
  key = key .. srep("\0", 64 - #key)
  local ipad, opad = {}, {}
  for i = 1, 64 do
    local k = sbyte(key, i)
    ipad[i] = schar(bxor(k, 0x36))
    opad[i] = schar(bxor(k, 0x5c))
  end
  HMAC_INNER = { unpack(IV) }
  compress(HMAC_INNER, table.concat(ipad), 1)
  HMAC_OUTER = { unpack(IV) }
  compress(HMAC_OUTER, table.concat(opad), 1)
end

local function abacatepay_signature(body)
  return base64(sha256_from(HMAC_OUTER, 64, sha256_from(HMAC_INNER, 64, body)))
end

---------------------------------------------------------------------------------------------------- fixtures
local function env(name, default)
  local v = os.getenv(name)
  if v == nil or v == "" then return default end
  return v
end

local function read_file(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

local fixtures_dir = env("BENCH_FIXTURES", "src/test/resources/fixtures")
local wiapy_token = env("BENCH_WIAPY_TOKEN", "bench-wiapy-token")
local abacatepay_secret = env("BENCH_ABACATEPAY_SECRET", "bench-abacatepay-secret")
local nonce = env("BENCH_NONCE", tostring(os.time()))
local rate = tonumber(env("BENCH_RATE", "0"))
local nthreads = tonumber(env("BENCH_THREADS", "1"))

-- splits a body around the end of every string value of an "id" key: body = table.concat(parts, suffix)
local function split_ids(body)
  local parts, from = {}, 1
  local pos = 1
  while true do
    local s, e = body:find('"id"%s*:%s*"[^"]*', pos)
    if not s then break end
    parts[#parts + 1] = body:sub(from, e)
    from = e + 1
    pos = e + 1
  end
  parts[#parts + 1] = body:sub(from)
  return parts
end

local function load_fixtures()
  local list = {}
  local p = assert(io.popen('ls "' .. fixtures_dir .. '"/*/*.json 2>/dev/null | sort'))
  for path in p:lines() do
    local provider, file = path:match("([^/]+)/([^/]+)$")
    local body = read_file(path)
    local fx = { provider = provider, file = file, original = body, parts = split_ids(body) }
    fx.path = "/webhooks/" .. provider
    fx.headers = { ["Content-Type"] = "application/json" }
    if provider == "wiapy" then
      fx.headers["Authorization"] = wiapy_token
    elseif provider == "abacatepay" then
      fx.path = fx.path .. "?webhookSecret=" .. abacatepay_secret
    end
    if #fx.parts < 2 then
      error("fixture without any string \"id\": cannot make it unique: " .. path)
    end
    list[#list + 1] = fx
  end
  p:close()
  -- interleave providers (cakto, arkama, wiapy, abacatepay, cakto, ...) so every short window sees all four
  local by = {}
  local order = {}
  for _, fx in ipairs(list) do
    if not by[fx.provider] then by[fx.provider] = {}; order[#order + 1] = fx.provider end
    table.insert(by[fx.provider], fx)
  end
  local mixed, i = {}, 1
  while #mixed < #list do
    for _, prov in ipairs(order) do
      local l = by[prov]
      if l[i] then mixed[#mixed + 1] = l[i] end
    end
    i = i + 1
  end
  return mixed
end

local function self_test(fixtures)
  local sigs = read_file(fixtures_dir .. "/abacatepay-signatures.json")
  local checked = 0
  for _, fx in ipairs(fixtures) do
    if fx.provider == "abacatepay" then
      local expected = sigs:match('"' .. fx.file:gsub("%.", "%%.") .. '"%s*:%s*"([^"]+)"')
      if expected then
        local got = abacatepay_signature(fx.original)
        if got ~= expected then
          io.stderr:write("webhooks.lua: AbacatePay signature self-test failed for " .. fx.file .. ": " .. got
              .. " ~= " .. expected .. "\n")
          os.exit(2)
        end
        checked = checked + 1
      end
    end
  end
  if checked == 0 then
    io.stderr:write("webhooks.lua: no AbacatePay fixture signature to check against\n")
    os.exit(2)
  end
end

---------------------------------------------------------------------------------------------------- wrk hooks
local threads = {}
local thread_counter = 0

function setup(thread)
  thread:set("tid", thread_counter)
  thread_counter = thread_counter + 1
  table.insert(threads, thread)
end

local fixtures, nfix, counter, prefix
late, maxlag, sent = 0, 0, 0

function init(args)
  fixtures = load_fixtures()
  nfix = #fixtures
  if nfix == 0 then
    io.stderr:write("webhooks.lua: no fixtures under " .. fixtures_dir .. "\n")
    os.exit(2)
  end
  if tid == 0 or tid == nil then self_test(fixtures) end
  counter = 0
  prefix = "-" .. nonce .. "t" .. tostring(tid or 0) .. "n"
end

function request()
  counter = counter + 1
  sent = counter
  local fx = fixtures[(counter + (tid or 0)) % nfix + 1]
  local body = table.concat(fx.parts, prefix .. counter)
  if fx.provider == "abacatepay" then
    fx.headers["X-Webhook-Signature"] = abacatepay_signature(body)
  end
  return wrk.format("POST", fx.path, fx.headers, body)
end

if rate and rate > 0 then
  local interval = nthreads * 1000.0 / rate
  local next_slot = nil
  function delay()
    local now = now_ms()
    if next_slot == nil then
      next_slot = now + interval * ((tid or 0) / nthreads) -- threads offset within one interval
    end
    local slot = next_slot
    next_slot = next_slot + interval
    local d = slot - now
    if d < -2 then
      late = late + 1
      if -d > maxlag then maxlag = -d end
    end
    if d <= 0 then return 0 end
    return math.floor(d)
  end
end

function done(summary, latency, requests)
  local tlate, tmaxlag = 0, 0
  for _, t in ipairs(threads) do
    tlate = tlate + (t:get("late") or 0)
    local m = t:get("maxlag") or 0
    if m > tmaxlag then tmaxlag = m end
  end
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format(
    "BENCH_RESULT requests=%d seconds=%.3f rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f p999_ms=%.2f max_ms=%.2f "
      .. "mean_ms=%.2f errors_connect=%d errors_read=%d errors_write=%d errors_status=%d errors_timeout=%d "
      .. "late=%d maxlag_ms=%.1f rate=%s\n",
    summary.requests, secs, summary.requests / secs,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, latency.max / 1000, latency.mean / 1000,
    e.connect, e.read, e.write, e.status, e.timeout, tlate, tmaxlag, tostring(rate or 0)))
end
