# Generates a C++ source holding the learned ranker's model (lib/models/ranker.json) as a string,
# so that every program has the model it was built with (run by lib/CMakeLists.txt).
file(READ "${MODEL}" text)
file(WRITE "${OUTPUT}.tmp" "// Generated from lib/models/ranker.json by lib/embed_ranker_model.cmake: do not edit.
#include <string_view>
namespace kestrel {
extern const std::string_view kShippedRankerModel;
const std::string_view kShippedRankerModel = R\"KESTRELMODEL(${text})KESTRELMODEL\";
}  // namespace kestrel
")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
