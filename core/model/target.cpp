#include "core/model/target.hpp"

namespace tc {

const char* to_string(ApplicationSource s) { return s == ApplicationSource::Lead ? "lead" : "applicant"; }
const char* to_string(Route r) { return r == Route::Lever ? "lever" : "truto"; }

}  // namespace tc
