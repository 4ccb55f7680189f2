-- wrk script: POST /v1/credentials (inserter delivery, no write grant) at a fixed rate for one user.
-- Env: API_KEY, USER_ID, RATE (requests/s over all connections), CONNS (wrk -c), PATH_ONLY=1 for GET /healthz.
local key = os.getenv("API_KEY")
local user = os.getenv("USER_ID")
local rate = tonumber(os.getenv("RATE"))
local conns = tonumber(os.getenv("CONNS"))
local healthz = os.getenv("PATH_ONLY") == "1"
local counter = 0

function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end

-- Each connection waits conns/rate seconds between its requests, so all together send about `rate` per second.
function delay()
  return 1000 * conns / rate
end

function request()
  if healthz then
    return wrk.format("GET", "/healthz")
  end
  counter = counter + 1
  local body = string.format(
    '{"userId":"%s","credential":{"fields":{"id":"https://issuer.example/bench/%d-%d","level":"basic",' ..
    '"issued":"2026-12-02T00:00:00Z","approvedAt":"2026-12-02T00:00:00Z","expirationDate":"2027-12-02T00:00:00Z"},' ..
    '"subject":{"id":"uuid:%s","firstName":"Bench","familyName":"User","dateOfBirth":"1990-01-01","placeOfBirth":"Here",' ..
    '"idDocumentCountry":"GB","idDocumentNumber":"1","idDocumentType":"PASSPORT","idDocumentDateOfIssue":"2020-01-01",' ..
    '"idDocumentFrontFile":"Zg==","selfieFile":"Zg=="}}}', user, math.random(1, 1000000000), counter, user)
  return wrk.format("POST", "/v1/credentials",
    {["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/json"}, body)
end

function done(summary, latency, requests)
  local codes = summary.errors
  io.write(string.format("RESULT requests=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f non2xx=%d timeouts=%d seconds=%.1f\n",
    summary.requests, latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    codes.status, codes.timeout, summary.duration / 1e6))
end
