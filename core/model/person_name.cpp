#include "core/model/person_name.hpp"

#include "core/util/json_util.hpp"
#include "core/util/strings.hpp"

namespace tc {

std::string full_name(const rapidjson::Value& record) {
  const std::string name(trim(get_string(record, "name")));
  if (!name.empty()) return name;
  const std::string first(trim(get_string(record, "first_name")));
  const std::string last(trim(get_string(record, "last_name")));
  if (!first.empty() && !last.empty()) return first + " " + last;
  return first.empty() ? last : first;
}

}  // namespace tc
