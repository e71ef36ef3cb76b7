-- wrk script: visitors browsing and searching the clinic's page. The page opens with an empty
-- query; visitors then click facets, page, sort by date, type words (the last one as a prefix
-- while typing), ask questions and open articles. Each request is one of a few hundred distinct
-- ones, so the response cache (when on) sees repeats, as it does on the site.
--   wrk -t2 -c32 -d10s -s benchmarks/browsing.lua http://127.0.0.1:PORT
local conditions = {"", "PTSD", "OCD", "depression", "anxiety%20disorders", "substance%20use%20disorders"}
local routes = {"", "intravenous", "intranasal", "oral"}
local queries = {"", "", "", "ketamine", "ptsd+infusion", "ketam", "nasal+spray", "depresion", "-placebo",
                 "can+ketamine+help+obsessive+compulsive+disorder"}
local articles = {"ketamine-chronic-ptsd", "ketamine-refractory-ocd", "iv-ketamine-dose-ranging-trd"}
local counter = 0

request = function()
  counter = counter + 1
  local n = counter
  if n % 17 == 0 then return wrk.format(nil, "/api/articles/" .. articles[n % #articles + 1]) end
  if n % 13 == 0 then return wrk.format(nil, "/api/suggest?q=ke") end
  local q = queries[n % #queries + 1]
  local path = "/api/search?q=" .. q
  local c = conditions[math.floor(n / 3) % #conditions + 1]
  if c ~= "" then path = path .. "&condition=" .. c end
  if n % 7 == 0 and c ~= "PTSD" then path = path .. "&condition=PTSD" end
  local r = routes[math.floor(n / 5) % #routes + 1]
  if r ~= "" then path = path .. "&route=" .. r end
  if n % 4 == 0 then path = path .. "&sort=date" end
  if n % 5 == 0 then path = path .. "&page=2&per_page=5" end
  if q == "ketam" then path = path .. "&mode=prefix" end
  if q:find("can%+ketamine") then path = path .. "&match=any" end
  return wrk.format(nil, path)
end
