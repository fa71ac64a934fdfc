-- bench/web.lua: wrk script for bench/web.sh. Each request takes the next session cookie
-- (from the file $COOKIES, one "hearth_session=..." a line) and the next page of $PAGES
-- (space-separated paths), so the load spreads over many sessions and pages.
local cookies, pages = {}, {}
for line in io.lines(os.getenv("COOKIES")) do cookies[#cookies + 1] = line end
for p in string.gmatch(os.getenv("PAGES"), "%S+") do pages[#pages + 1] = p end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", pages[(i % #pages) + 1], { Cookie = cookies[(i % #cookies) + 1] })
end
response = function(status)
  if status ~= 200 then io.stderr:write("status " .. status .. "\n") end
end
