-- wrk script shared by every benchmark case (the nginx floor too, so the Lua cost is the same everywhere).
-- args: <token file or "-"> <expected status> [cookie|browser]. Rotates over the file's tokens, one per request, and
-- counts answers whose status differs from the expected one (printed as "unexpected_status N"). With "cookie"
-- the file's lines are Cookie header values (name=value) instead of bearer tokens; "browser" sends them as a
-- browser's page navigation reaches the gateway through Traefik (which passes the browser's own headers on): a
-- Chrome request for a page (Accept text/html, Sec-Fetch-*, client hints, User-Agent, ...), X-Forwarded-Uri a page.
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
   if args[3] == "cookie" or args[3] == "browser" then
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
   if args[3] == "browser" then
      -- Chrome 131 on Linux opening a bookmarked page (Sec-Fetch-Site none), as Traefik forwards it
      wrk.headers["X-Forwarded-Uri"] = "/reports/2024"
      wrk.headers["Accept"] = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7"
      wrk.headers["Accept-Encoding"] = "gzip, deflate, br, zstd"
      wrk.headers["Accept-Language"] = "en-GB,en-US;q=0.9,en;q=0.8"
      wrk.headers["Sec-Ch-Ua"] = "\"Google Chrome\";v=\"131\", \"Chromium\";v=\"131\", \"Not_A Brand\";v=\"24\""
      wrk.headers["Sec-Ch-Ua-Mobile"] = "?0"
      wrk.headers["Sec-Ch-Ua-Platform"] = "\"Linux\""
      wrk.headers["Sec-Fetch-Dest"] = "document"
      wrk.headers["Sec-Fetch-Mode"] = "navigate"
      wrk.headers["Sec-Fetch-Site"] = "none"
      wrk.headers["Sec-Fetch-User"] = "?1"
      wrk.headers["Upgrade-Insecure-Requests"] = "1"
      wrk.headers["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
      wrk.headers["X-Real-Ip"] = "203.0.113.7"
   end
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
