#include "core/lever/notes.hpp"

#include <cstdio>
#include <map>
#include <utility>

#include "core/util/json_util.hpp"
#include "core/util/strings.hpp"

namespace tc {

namespace {

using NoteKey = std::pair<std::string, bool>;

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
long long days_from_civil(long long y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

bool digits(const std::string& s, size_t at, size_t n, int& out) {
  if (at + n > s.size()) return false;
  out = 0;
  for (size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

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

std::optional<long long> iso8601_to_epoch_ms(const std::string& text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, ms = 0;
  if (!digits(text, 0, 4, y) || text.size() < 10 || text[4] != '-' || !digits(text, 5, 2, mo) || text[7] != '-' ||
      !digits(text, 8, 2, d) || mo < 1 || mo > 12 || d < 1 || d > 31) {
    return std::nullopt;
  }
  long long offset_minutes = 0;
  if (text.size() > 10) {
    if ((text[10] != 'T' && text[10] != 't' && text[10] != ' ') || !digits(text, 11, 2, h) || text.size() < 19 ||
        text[13] != ':' || !digits(text, 14, 2, mi) || text[16] != ':' || !digits(text, 17, 2, s) || h > 23 ||
        mi > 59 || s > 60) {
      return std::nullopt;
    }
    size_t at = 19;
    if (at < text.size() && text[at] == '.') {
      size_t end = at + 1;
      while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
      if (end == at + 1) return std::nullopt;
      std::string frac = text.substr(at + 1, end - at - 1) + "00";
      ms = std::stoi(frac.substr(0, 3));
      at = end;
    }
    if (at < text.size() && (text[at] == 'Z' || text[at] == 'z')) {
      ++at;
    } else if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
      int oh = 0, om = 0;
      if (!digits(text, at + 1, 2, oh) || text.size() < at + 6 || text[at + 3] != ':' || !digits(text, at + 4, 2, om))
        return std::nullopt;
      offset_minutes = (text[at] == '+' ? 1 : -1) * (oh * 60LL + om);
      at += 6;
    } else {
      return std::nullopt;  // a time without a zone is ambiguous
    }
    if (at != text.size()) return std::nullopt;
  }
  const long long days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  return ((days * 24 + h) * 60 + mi - offset_minutes) * 60'000LL + s * 1000LL + ms;
}

std::vector<LeverNote> record_notes(const rapidjson::Value& record) {
  std::vector<LeverNote> notes;
  const auto* lever = get_member(record, "lever");
  if (lever == nullptr || !lever->IsObject()) return notes;
  const auto* list = array_member(*lever, "notes");
  if (list == nullptr) return notes;
  for (const auto& n : list->GetArray()) {
    LeverNote note;
    if (n.IsString()) {
      note.text = n.GetString();
    } else {
      note.text = get_string(n, "text");
      if (const auto* secret = get_member(n, "secret"); secret != nullptr && secret->IsBool())
        note.secret = secret->GetBool();
      const std::string created = get_string(n, "created_at");
      if (!created.empty()) note.created_at_ms = iso8601_to_epoch_ms(created);
    }
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
