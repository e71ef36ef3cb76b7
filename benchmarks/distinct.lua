-- wrk script: a stream of distinct visitor searches, the case the response cache cannot help.
-- Reads query texts (one per line, "ID<TAB>text" or just text) from the file named by the
-- environment variable KESTREL_QUERIES; every third request is the same query typed as a prefix
-- (its last word cut to three letters, mode=prefix), as the page's search-as-you-type sends.
--   KESTREL_QUERIES=q.tsv wrk -t2 -c32 -d10s -s benchmarks/distinct.lua http://127.0.0.1:PORT
local paths = {}

local function encode(text)
  return (text:gsub("[^%w%-%._~ ]", function(c) return string.format("%%%02X", string.byte(c)) end)
              :gsub(" ", "+"))
end

local function load()
  local file = assert(io.open(assert(os.getenv("KESTREL_QUERIES"), "set KESTREL_QUERIES"), "r"))
  local n = 0
  for line in file:lines() do
    local text = line:match("^[^\t]*\t(.*)$") or line
    if text ~= "" then
      n = n + 1
      if n % 3 == 0 then
        local head, last = text:match("^(.-)(%S+)%s*$")
        if last and #last > 3 then text = head .. last:sub(1, 3) end
        paths[#paths + 1] = "/api/search?mode=prefix&q=" .. encode(text)
      else
        paths[#paths + 1] = "/api/search?q=" .. encode(text)
      end
    end
  end
  file:close()
end

local counter = 0
init = function(args)
  load()
  -- Each wrk thread starts at a different place in the list, so two threads do not send the
  -- same search at the same moment.
  counter = math.random(#paths)
end

request = function()
  counter = counter % #paths + 1
  return wrk.format(nil, paths[counter])
end
