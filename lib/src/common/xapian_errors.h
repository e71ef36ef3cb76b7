// The one place Xapian exceptions become kestrel::Error.
#pragma once

#include <xapian.h>

#include <string>

#include "kestrel/result.h"

namespace kestrel {

// `where` names the database or operation ("var/index").
Error from_xapian(const Xapian::Error& e, const std::string& where);

}  // namespace kestrel
