-- wrk script: POSTs the file BENCH_BODY as JSON to the URL given to wrk (the analysis API).
local body = io.open(os.getenv("BENCH_BODY")):read("*a")

function request()
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, body)
end
