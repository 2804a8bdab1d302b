// Test tool: validates unified candidates (a JSON object, or NDJSON result lines holding "candidate")
// from stdin against the bundled candidate schema. Exit 0 when all are valid, 1 otherwise. Lets the
// end-to-end tests check the tool's own output against its published schema.
#include <iostream>
#include <sstream>
#include <string>

#include "core/util/json_util.hpp"
#include "core/validation/validation.hpp"

int main() {
  std::stringstream buffer;
  buffer << std::cin.rdbuf();
  const std::string text = buffer.str();
  tc::Validator validator;
  int checked = 0, invalid = 0;
  auto check = [&](const rapidjson::Value& candidate) {
    ++checked;
    for (const auto& p : validator.validate_candidate(candidate)) {
      std::cerr << "candidate " << checked << ": " << p.pointer << ": " << p.message << "\n";
      ++invalid;
    }
  };
  rapidjson::Document whole;
  if (tc::parse_json(text, whole) && whole.IsObject()) {
    check(whole);
  } else {
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
      if (line.empty()) continue;
      rapidjson::Document doc;
      std::string error;
      if (!tc::parse_json(line, doc, &error) || !doc.IsObject()) {
        std::cerr << "not JSON: " << error << "\n";
        return 1;
      }
      if (const auto* c = tc::get_member(doc, "candidate")) check(*c);
    }
  }
  std::cout << checked << " checked, " << invalid << " problems\n";
  return checked > 0 && invalid == 0 ? 0 : 1;
}
