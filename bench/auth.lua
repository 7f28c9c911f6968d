-- wrk script shared by every benchmark case (the nginx floor too, so the Lua cost is the same everywhere).
-- args: <token file or "-"> <expected status> [cookie]. Rotates over the file's tokens, one per request, and
-- counts answers whose status differs from the expected one (printed as "unexpected_status N"). With "cookie"
-- the file's lines are Cookie header values (name=value) instead of bearer tokens.
local tokens = {}
local i = 0
local expected = 200
local header = "Authorization"
local prefix = "Bearer "
unexpected = 0
local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

function init(args)
   expected = tonumber(args[2] or "200")
   if args[3] == "cookie" then
      header = "Cookie"
      prefix = ""
   end
   if args[1] and args[1] ~= "-" then
      for line in io.lines(args[1]) do
         if #line > 0 then tokens[#tokens + 1] = prefix .. line end
      end
   end
   -- what Traefik sends to a forwardAuth target
   wrk.headers["X-Forwarded-Method"] = "GET"
   wrk.headers["X-Forwarded-Proto"] = "https"
   wrk.headers["X-Forwarded-Host"] = "bench.example.test"
   wrk.headers["X-Forwarded-Uri"] = "/api/items?page=2"
   wrk.headers["X-Forwarded-For"] = "203.0.113.7"
   wrk.headers["Accept"] = "application/json"
end

function request()
   if #tokens > 0 then
      i = i % #tokens + 1
      wrk.headers[header] = tokens[i]
   end
   return wrk.format()
end

function response(status, headers, body)
   if status ~= expected then unexpected = unexpected + 1 end
end

function done(summary, latency, requests)
   local n = 0
   for _, t in ipairs(threads) do n = n + (t:get("unexpected") or 0) end
   io.write(string.format("unexpected_status %d\n", n))
end
