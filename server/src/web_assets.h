// The search page's files, compiled into the server from web/ (see server/CMakeLists.txt), so
// that the binary serves them without reading the file system.
#pragma once

#include <string_view>

namespace kestrel::http {

struct WebAsset {
  std::string_view path;  // URL path: "/", "/static/app.js", ...
  std::string_view content_type;
  std::string_view body;
};

// nullptr when `path` is not one of the page's files.
const WebAsset* find_web_asset(std::string_view path);

}  // namespace kestrel::http
