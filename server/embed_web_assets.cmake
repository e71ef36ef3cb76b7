# Generates a C++ source holding web/ files as string literals (run by server/CMakeLists.txt).
# Inputs: WEB_DIR, OUTPUT, FILES (a comma-separated list of "url-path=file").
string(REPLACE "," ";" FILES "${FILES}")
set(entries "")
set(literals "")
set(index 0)
foreach(spec IN LISTS FILES)
  string(REPLACE "=" ";" parts "${spec}")
  list(GET parts 0 url)
  list(GET parts 1 file)
  if(file MATCHES "\\.html$")
    set(type "text/html; charset=utf-8")
  elseif(file MATCHES "\\.js$")
    set(type "text/javascript; charset=utf-8")
  elseif(file MATCHES "\\.css$")
    set(type "text/css; charset=utf-8")
  elseif(file MATCHES "\\.svg$")
    set(type "image/svg+xml")
  else()
    message(FATAL_ERROR "no content type for ${file}")
  endif()
  file(READ "${WEB_DIR}/${file}" hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
  string(APPEND literals "const char kAsset${index}[] = {${bytes} 0};\n")
  string(APPEND entries "    {\"${url}\", \"${type}\", std::string_view(kAsset${index}, sizeof kAsset${index} - 1)},\n")
  math(EXPR index "${index} + 1")
endforeach()
file(WRITE "${OUTPUT}.tmp" "// Generated from web/ by server/embed_web_assets.cmake: do not edit.
#include \"web_assets.h\"

namespace kestrel::http {
namespace {
${literals}
const WebAsset kAssets[] = {
${entries}};
}  // namespace

const WebAsset* find_web_asset(std::string_view path) {
  for (const WebAsset& asset : kAssets) {
    if (asset.path == path) return &asset;
  }
  return nullptr;
}

}  // namespace kestrel::http
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
