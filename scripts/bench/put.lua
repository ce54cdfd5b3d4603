-- wrk script: each thread keeps one connection and saves its own design in a loop, each PUT
-- naming the revision the previous answer returned (If-Match), so every save is a fresh one.
local ids = {}
for id in string.gmatch(os.getenv("BENCH_IDS") or "", "[^,]+") do ids[#ids + 1] = id end
local body = io.open(os.getenv("BENCH_DESIGN")):read("*a")
local cookie = "studio_session=" .. os.getenv("BENCH_SESSION")
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", ids[counter])
end

function init(args)
  revision = 1
  conflicts = 0
end

function request()
  return wrk.format("PUT", "/api/v1/designs/" .. id, {
    ["Content-Type"] = "application/json",
    ["Cookie"] = cookie,
    ["If-Match"] = '"' .. revision .. '"',
  }, body)
end

function response(status, headers, _)
  if status == 200 then
    revision = tonumber((headers["ETag"] or headers["etag"]):match("%d+"))
  else
    conflicts = conflicts + 1
  end
end
