// Size and nesting limits (core/validation/record_limits.hpp).
#include "core/validation/record_limits.hpp"

#include <string>
#include <utility>

#include "core/validation/json_access.hpp"

namespace tc::validation {

using rapidjson::Value;

bool check_limits(const Value& record, bool check_sizes, std::vector<Problem>& out) {
  struct Frame {
    const Value* value;
    std::string pointer;
    std::size_t depth;
  };
  bool shallow_enough = true;
  std::vector<Frame> stack;
  stack.push_back({&record, "", 0});
  while (!stack.empty()) {
    Frame f = std::move(stack.back());
    stack.pop_back();
    const Value& v = *f.value;
    if (f.depth > kMaxNestingDepth) {
      out.push_back({f.pointer, "nested too deeply (more than " + std::to_string(kMaxNestingDepth) + " levels)"});
      shallow_enough = false;
      continue;
    }
    if (v.IsString() && check_sizes && v.GetStringLength() > kMaxStringBytes) {
      out.push_back({f.pointer, "is " + std::to_string(v.GetStringLength()) +
                                    " bytes long; a string may be at most 64 KiB (65,536 bytes)"});
    } else if (v.IsArray()) {
      if (check_sizes && v.Size() > kMaxArrayItems) {
        out.push_back({f.pointer, "has " + std::to_string(v.Size()) + " items; an array may have at most 1,000"});
        continue;  // one problem for the array, not one per excess item
      }
      for (rapidjson::SizeType i = v.Size(); i-- > 0;)
        stack.push_back({&v[i], child_pointer(f.pointer, i), f.depth + 1});
    } else if (v.IsObject()) {
      std::vector<Frame> children;
      for (const auto& m : v.GetObject()) {
        const std::string at = child_pointer(f.pointer, view(m.name));
        if (check_sizes && m.name.GetStringLength() > kMaxStringBytes)
          out.push_back({at, "field name is longer than 64 KiB"});
        children.push_back({&m.value, at, f.depth + 1});
      }
      for (auto it = children.rbegin(); it != children.rend(); ++it) stack.push_back(std::move(*it));
    }
  }
  return shallow_enough;
}

}  // namespace tc::validation
