#include "core/lever/notes.hpp"

#include <cstdio>
#include <map>
#include <utility>

#include "core/util/json_util.hpp"
#include "core/util/rfc3339.hpp"
#include "core/util/strings.hpp"

namespace tc {

namespace {

using NoteKey = std::pair<std::string, bool>;

// The texts a held Lever note carries: its note fields' values, and its `text`.
std::vector<std::string> held_texts(const rapidjson::Value& note) {
  std::vector<std::string> texts;
  if (const auto* fields = array_member(note, "fields")) {
    for (const auto& f : fields->GetArray()) {
      const std::string value = get_string(f, "value");
      if (!value.empty()) texts.emplace_back(trim(value));
    }
  }
  const std::string text = get_string(note, "text");
  if (!text.empty()) texts.emplace_back(trim(text));
  return texts;
}

}  // namespace

std::vector<LeverNote> record_notes(const CandidateRecord& record) {
  std::vector<LeverNote> notes;
  for (const CandidateNote& n : record.lever.notes) {
    LeverNote note;
    note.text = n.text;
    note.secret = n.secret;
    if (!n.created_at.empty()) note.created_at_ms = rfc3339_to_epoch_ms(n.created_at);
    if (!std::string(trim(note.text)).empty()) notes.push_back(std::move(note));
  }
  return notes;
}

rapidjson::Document note_body(const LeverNote& note) {
  rapidjson::Document body(rapidjson::kObjectType);
  auto& alloc = body.GetAllocator();
  body.AddMember("value", make_string(note.text, alloc), alloc);
  body.AddMember("secret", note.secret, alloc);
  if (note.created_at_ms) body.AddMember("createdAt", static_cast<int64_t>(*note.created_at_ms), alloc);
  return body;
}

std::vector<LeverNote> missing_notes(const std::vector<LeverNote>& wanted, const rapidjson::Value& held) {
  std::map<NoteKey, int> have;
  if (held.IsArray()) {
    for (const auto& note : held.GetArray()) {
      if (!note.IsObject()) continue;
      const auto* deleted = get_member(note, "deletedAt");
      if (deleted != nullptr && !deleted->IsNull()) continue;
      bool secret = false;
      if (const auto* s = get_member(note, "secret"); s != nullptr && s->IsBool()) secret = s->GetBool();
      // One held note counts once, under the first of its texts that a wanted note asks for.
      const std::vector<std::string> texts = held_texts(note);
      for (const auto& text : texts) {
        bool asked = false;
        for (const auto& w : wanted) asked = asked || (w.secret == secret && std::string(trim(w.text)) == text);
        if (asked) {
          ++have[{text, secret}];
          break;
        }
      }
    }
  }
  std::vector<LeverNote> out;
  for (const auto& w : wanted) {
    int& count = have[{std::string(trim(w.text)), w.secret}];
    if (count > 0)
      --count;
    else
      out.push_back(w);
  }
  return out;
}

}  // namespace tc
