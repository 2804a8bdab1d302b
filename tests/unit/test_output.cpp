// core/output: display widths of UTF-8 text, truncation, the candidate table (wrapping keeps the
// label column), the results table (shrinks to the width, columns aligned), and --field pointers.
#include "core/run/output.hpp"

#include <doctest/doctest.h>
#include <rapidjson/document.h>

#include <sstream>
#include <string>
#include <vector>

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream s(text);
  for (std::string line; std::getline(s, line);) lines.push_back(line);
  return lines;
}

rapidjson::Document json(const char* text) {
  rapidjson::Document d;
  d.Parse(text);
  REQUIRE(!d.HasParseError());
  return d;
}

// Column (display width of the prefix) at which `needle` starts in `line`; npos when absent.
size_t column_of(const std::string& line, const std::string& needle) {
  const size_t at = line.find(needle);
  return at == std::string::npos ? std::string::npos : tc::display_width(line.substr(0, at));
}

const std::string kE = "\xC3\xA9";                                               // é (precomposed)
const std::string kEAcute = "e\xCC\x81";                                         // e + combining acute
const std::string kNihon = "\xE6\x97\xA5\xE6\x9C\xAC";                           // 日本
const std::string kEllipsis = "\xE2\x80\xA6";                                    // …
const std::string kYamada = "\xE5\xB1\xB1\xE7\x94\xB0\xE5\xA4\xAA\xE9\x83\x8E";  // 山田太郎
const std::string kRocket = "\xF0\x9F\x9A\x80";                                  // 🚀 U+1F680
const std::string kCoffee = "\xE2\x98\x95";                                      // ☕ U+2615
const std::string kZwj = "\xE2\x80\x8D";                                         // U+200D
const std::string kFamily =
    "\xF0\x9F\x91\xA8" + kZwj + "\xF0\x9F\x91\xA9" + kZwj + "\xF0\x9F\x91\xA7";  // 👨‍👩‍👧
const std::string kFlagDe = "\xF0\x9F\x87\xA9\xF0\x9F\x87\xAA";                  // 🇩🇪
const std::string kHeartEmoji = "\xE2\x9D\xA4\xEF\xB8\x8F";                      // ❤️ U+2764 U+FE0F

}  // namespace

TEST_CASE("display_width") {
  CHECK(tc::display_width("") == 0);
  CHECK(tc::display_width("Ada") == 3);
  CHECK(tc::display_width("Ren" + kE + "e") == 5);
  CHECK(kE.size() == 2);
  CHECK(tc::display_width(kEAcute) == 1);  // combining mark takes no column
  CHECK(tc::display_width(kNihon) == 4);   // wide characters take two columns
  CHECK(tc::display_width("a" + kNihon + "b") == 6);
  CHECK(tc::display_width(kEllipsis) == 1);
  CHECK(tc::display_width("\xF0\x9F\x98\x80") == 2);  // emoji
  // Malformed UTF-8 (a cut-off sequence, a stray continuation byte): one column per byte, no overrun.
  CHECK(tc::display_width("\xE6\x97") == 2);
  CHECK(tc::display_width("a\x80") == 2);
  CHECK(tc::truncate_to_width("\xE6\x97xyz", 3) == "\xE6\x97" + kEllipsis);
}

TEST_CASE("display_width: grapheme clusters") {
  CHECK(tc::display_width("Ada Lovelace") == 12);
  CHECK(tc::display_width(kYamada) == 8);
  CHECK(tc::display_width(kEAcute) == 1);
  CHECK(tc::display_width("Jos" + kEAcute + " Mari" + "a\xCC\x81") == 10);  // José María, decomposed
  CHECK(tc::display_width("e\xCC\x81\xCC\xA7") == 1);                       // two combining marks on one e
  CHECK(tc::display_width(kRocket) == 2);
  CHECK(tc::display_width(kCoffee) == 2);
  CHECK(tc::display_width(kFamily) == 2);  // three people joined by ZWJ: one cluster, one emoji
  CHECK(tc::display_width(kFlagDe) == 2);  // two regional indicators: one flag
  CHECK(tc::display_width(kFlagDe + kFlagDe) == 4);
  CHECK(tc::display_width(kHeartEmoji) == 2);  // U+2764 alone is 1 column; U+FE0F asks for the emoji
  CHECK(tc::display_width("\xE2\x9D\xA4") == 1);
  CHECK(tc::display_width("a" + kZwj + "b") == 2);  // a joiner between letters takes no column
  CHECK(tc::display_width("x\xEF\xB8\x8E") == 1);   // a text variation selector adds nothing
  CHECK(tc::display_width("Team " + kRocket + " " + kCoffee + " " + kFamily + " " + kFlagDe) == 16);
  // Invalid UTF-8 counts one column per byte: a lone lead byte, an overlong encoding, an encoded
  // surrogate, bytes beyond U+10FFFF, and invalid bytes between valid characters.
  CHECK(tc::display_width("\xF0") == 1);
  CHECK(tc::display_width("\xC0\xAF") == 2);
  CHECK(tc::display_width("\xED\xA0\x80") == 3);
  CHECK(tc::display_width("\xF5\x80\x80\x80") == 4);
  CHECK(tc::display_width("\xFF" + kRocket + "\x80" + kYamada) == 12);
  CHECK(tc::display_width(kFamily.substr(0, kFamily.size() - 1)) == 2 + 3);  // 👨‍👩‍ then 3 stray bytes
}

TEST_CASE("truncate_to_width: never inside a grapheme cluster") {
  // The family emoji is 18 bytes but one cluster: it stays whole or goes whole.
  const std::string family_name = kFamily + " Smith";
  CHECK(tc::truncate_to_width(family_name, 3) == kFamily + kEllipsis);
  CHECK(tc::truncate_to_width(family_name, 2) == kEllipsis);
  CHECK(tc::truncate_to_width(kFlagDe + kFlagDe + "x", 4) == kFlagDe + kEllipsis);
  CHECK(tc::truncate_to_width(kFlagDe + kFlagDe + "x", 5) == kFlagDe + kFlagDe + "x");
  // Combining marks stay with their letter: "e" + acute is cut as one, never leaving the mark behind.
  CHECK(tc::truncate_to_width("Jos" + kEAcute + "-Luis", 5) == "Jos" + kEAcute + kEllipsis);
  CHECK(tc::truncate_to_width("Jos" + kEAcute + "-Luis", 4) == "Jos" + kEllipsis);
  CHECK(tc::truncate_to_width(kRocket + kRocket + kCoffee, 5) == kRocket + kRocket + kEllipsis);
  CHECK(tc::truncate_to_width(kRocket + kRocket + kCoffee, 4) == kRocket + kEllipsis);
  for (const std::string& text : {family_name, kYamada + kFlagDe + kEAcute, kHeartEmoji + "ab" + kCoffee}) {
    for (size_t w = 0; w <= tc::display_width(text) + 1; ++w) {
      CAPTURE(w);
      const std::string cut = tc::truncate_to_width(text, w);
      CHECK(tc::display_width(cut) <= w);
      if (cut.size() >= kEllipsis.size() &&
          cut.compare(cut.size() - kEllipsis.size(), kEllipsis.size(), kEllipsis) == 0) {
        const std::string kept = cut.substr(0, cut.size() - kEllipsis.size());
        CHECK(text.compare(0, kept.size(), kept) == 0);
        // What is kept ends on a cluster boundary: a cut inside a ZWJ sequence or a flag would change
        // the widths, and the rest never starts with a joiner, a combining mark or a continuation byte.
        const std::string rest = text.substr(kept.size());
        CHECK(tc::display_width(kept) + tc::display_width(rest) == tc::display_width(text));
        CHECK(rest.rfind(kZwj, 0) != 0);
        CHECK(rest.rfind("\xCC\x81", 0) != 0);
        CHECK((rest.empty() || (static_cast<unsigned char>(rest[0]) & 0xC0) != 0x80));
      }
    }
  }
}

TEST_CASE("truncate_to_width") {
  CHECK(tc::truncate_to_width("Lovelace", 8) == "Lovelace");
  CHECK(tc::truncate_to_width("Lovelace", 20) == "Lovelace");
  CHECK(tc::truncate_to_width("Lovelace", 5) == "Love" + kEllipsis);
  CHECK(tc::truncate_to_width("Lovelace", 1) == kEllipsis);
  CHECK(tc::truncate_to_width("Lovelace", 0) == "");
  CHECK(tc::truncate_to_width("", 0) == "");

  // Multi-byte characters are never cut in half.
  const std::string renee = "Ren" + kE + "e Dupont";
  CHECK(tc::truncate_to_width(renee, 5) == "Ren" + kE + kEllipsis);
  CHECK(tc::display_width(tc::truncate_to_width(renee, 5)) == 5);

  // 日本語 is 6 columns; in 4 only 日 (2) fits before the ellipsis.
  const std::string nihongo = kNihon + "\xE8\xAA\x9E";
  CHECK(tc::display_width(nihongo) == 6);
  CHECK(tc::truncate_to_width(nihongo, 6) == nihongo);
  CHECK(tc::truncate_to_width(nihongo, 5) == kNihon + kEllipsis);
  CHECK(tc::truncate_to_width(nihongo, 4) == "\xE6\x97\xA5" + kEllipsis);
  for (size_t w = 0; w <= 8; ++w) {
    CAPTURE(w);
    CHECK(tc::display_width(tc::truncate_to_width(nihongo, w)) <= w);
  }
}

TEST_CASE("render_candidate_table: labels and values") {
  const rapidjson::Document c = json(R"({
    "id": "opp-1", "name": "Ada Lovelace", "title": "Engineer", "company": "Analytical Engines",
    "emails": [{"email": "ada@example.com", "type": "work"}, {"email": "ada@home.test"}],
    "phones": [{"number": "+44 20 7946 0000", "type": "mobile"}],
    "locations": ["London", "Paris"],
    "urls": [{"url": "https://github.com/ada", "type": "github"}],
    "tags": ["math", "referral"],
    "applications": [{"id": "app-1", "job": {"id": "post-1"}, "current_stage": {"id": "st-1", "name": "New lead"}}],
    "attachments": [{"file_name": "cv.pdf", "attachment_type": "resume"}],
    "is_private": false, "can_email": true,
    "created_at": "2024-01-02T03:04:05.000Z"
  })");
  const std::string table = tc::render_candidate_table(c, tc::TableStyle{100, false});
  const auto lines = lines_of(table);
  const std::vector<std::string> expected = {
      "ID           opp-1",
      "Name         Ada Lovelace",
      "Title        Engineer",
      "Company      Analytical Engines",
      "Emails       ada@example.com (work), ada@home.test",
      "Phones       +44 20 7946 0000 (mobile)",
      "Locations    London; Paris",
      "Links        https://github.com/ada (github)",
      "Tags         math, referral",
      "Application  app-1, job post-1, stage New lead",
      "Attachment   cv.pdf (resume)",
      "Private      no",
      "Can e-mail   yes",
      "Created      2024-01-02T03:04:05.000Z",
  };
  CHECK(lines == expected);
  CHECK(table.find("\x1b[") == std::string::npos);  // no colour unless asked

  const std::string colored = tc::render_candidate_table(c, tc::TableStyle{100, true});
  CHECK(colored.find("\x1b[1mID") != std::string::npos);
}

TEST_CASE("render_candidate_table: the Lever profile link (remote_data.urls.show) gets its own row") {
  const rapidjson::Document c =
      json(R"({"id":"opp-3","name":"Ada","urls":[{"url":"https://ada.dev","type":"website"}],)"
           R"("remote_data":{"id":"opp-3","urls":{"list":"https://hire.lever.co/candidates",)"
           R"("show":"https://hire.lever.co/candidates/opp-3"}}})");
  CHECK(tc::render_candidate_table(c, tc::TableStyle{100, false}) ==
        "ID     opp-3\n"
        "Name   Ada\n"
        "Links  https://ada.dev (website)\n"
        "Lever  https://hire.lever.co/candidates/opp-3\n");
}

TEST_CASE("render_candidate_table: absent keys are left out") {
  const rapidjson::Document c = json(R"({"id":"opp-2","name":"","emails":[]})");
  CHECK(tc::render_candidate_table(c, tc::TableStyle{}) == "ID  opp-2\n");
}

TEST_CASE("render_candidate_table: wrapping at width 40 keeps the label column") {
  const rapidjson::Document c = json(R"({
    "id": "opp-1",
    "name": "Ada Augusta King, Countess of Lovelace, née Byron, first programmer",
    "tags": ["analytical-engine", "bernoulli-numbers", "notes", "translation", "poetical-science", "x"],
    "title": "Averyveryveryveryveryveryveryveryveryverylongwordwithoutspaces",
    "company": "first line\nsecond line"
  })");
  const std::string table = tc::render_candidate_table(c, tc::TableStyle{40, false});
  const auto lines = lines_of(table);
  REQUIRE(lines.size() > 5);
  const size_t label_width = std::string("Company").size();
  const std::string padding(label_width + 2, ' ');
  std::string continued_name;
  for (const auto& line : lines) {
    CAPTURE(line);
    CHECK(tc::display_width(line) <= 40);
    CHECK(line.size() > padding.size());
    const bool continuation = line.compare(0, padding.size(), padding) == 0;
    if (!continuation) {
      // A labelled line: label, padding to the column, then the value at column label_width + 2.
      CHECK(line[label_width] == ' ');
      CHECK(line[label_width + 1] == ' ');
      CHECK(line[label_width + 2] != ' ');
    } else {
      CHECK(line[padding.size()] != ' ');
    }
  }
  // Every word of the name survives the wrap, in order.
  std::string name;
  bool in_name = false;
  for (const auto& line : lines) {
    if (line.rfind("Name", 0) == 0)
      in_name = true;
    else if (line.compare(0, padding.size(), padding) != 0)
      in_name = false;
    if (in_name) name += (name.empty() ? "" : " ") + line.substr(padding.size());
  }
  CHECK(name == "Ada Augusta King, Countess of Lovelace, née Byron, first programmer");
  // A newline inside a value starts a continuation line, never a line at column 0.
  CHECK(table.find("Company  first line\n         second line\n") != std::string::npos);
}

TEST_CASE("render_candidate_table: wide characters wrap by columns") {
  std::string name;
  for (int i = 0; i < 30; ++i) name += kNihon;  // 120 columns, no spaces
  rapidjson::Document c(rapidjson::kObjectType);
  c.AddMember("name", rapidjson::Value(name.c_str(), c.GetAllocator()), c.GetAllocator());
  const auto lines = lines_of(tc::render_candidate_table(c, tc::TableStyle{40, false}));
  REQUIRE(lines.size() >= 4);
  for (size_t i = 0; i < lines.size(); ++i) {
    CAPTURE(lines[i]);
    CHECK(tc::display_width(lines[i]) <= 40);
    CHECK(lines[i].compare(0, 6, i == 0 ? "Name  " : "      ") == 0);
  }
}

TEST_CASE("render_table: fits without shrinking") {
  const std::string table = tc::render_table(
      {"INDEX", "STATUS", "ID"}, {{"0", "created", "opp-1"}, {"12", "failed", ""}}, tc::TableStyle{80, false});
  CHECK(table ==
        "INDEX  STATUS   ID\n"
        "0      created  opp-1\n"
        "12     failed\n");
}

TEST_CASE("render_table: shrinks columns with an ellipsis and keeps them aligned") {
  const std::vector<std::string> header = {"INDEX", "STATUS", "ID", "DETAIL"};
  const std::vector<std::vector<std::string>> rows = {
      {"0", "created", "0f1e2d3c-aaaa-bbbb-cccc-0123456789ab", "Ada Lovelace"},
      {"1", "failed", "", "record 1 (line 2) is invalid: /emails/0/email: expected a string, got a number"},
      {"2", "created", "1f1e2d3c-aaaa-bbbb-cccc-0123456789ab",
       "Ren" + kE + "e " + kNihon + " Dupont-Aignan de la Tour"},
      {"3", "unknown", "x", "line one\nline two"},
  };
  for (size_t width : {60, 50, 40}) {
    CAPTURE(width);
    const std::string table = tc::render_table(header, rows, tc::TableStyle{width, false});
    const auto lines = lines_of(table);
    REQUIRE(lines.size() == rows.size() + 1);
    CHECK(table.find(kEllipsis) != std::string::npos);
    const size_t status_col = column_of(lines[0], "STATUS");
    const size_t id_col = column_of(lines[0], "ID");
    const size_t detail_col = column_of(lines[0], "DETAIL");
    CHECK(status_col < id_col);
    CHECK(id_col < detail_col);
    for (size_t i = 0; i < lines.size(); ++i) {
      CAPTURE(lines[i]);
      CHECK(tc::display_width(lines[i]) <= width);
      if (i == 0) continue;
      const auto& row = rows[i - 1];
      // Each cell (or its truncated start) begins at its header's column.
      CHECK(column_of(lines[i], row[1]) == status_col);
      if (!row[2].empty()) CHECK(column_of(lines[i], " " + row[2].substr(0, 1)) + 1 == id_col);
      CHECK(tc::display_width(lines[i]) > detail_col);
      CHECK(lines[i][lines[i].size() - 1] != ' ');
    }
    // Row 2's detail starts at the DETAIL column: the prefix up to it has the column's width.
    const std::string& row2 = lines[3];
    CHECK(column_of(row2, "Ren") == detail_col);
  }
}

TEST_CASE("render_table: names in any script keep every column at the same display offset") {
  const std::vector<std::string> header = {"INDEX", "NAME", "STATUS"};
  const std::vector<std::vector<std::string>> rows = {
      {"0", "Ada Lovelace", "created"},
      {"1", kYamada, "created"},
      {"2", "Jos" + kEAcute + " Mari" + "a\xCC\x81", "failed"},
      {"3", kRocket + " Launch", "created"},
      {"4", kCoffee + " Barista", "created"},
      {"5", kFamily + " Smith", "skipped"},
      {"6", kFlagDe + " M\xC3\xBCller", "created"},
      {"7", "Bad \xFF\xFE bytes", "unknown"},
  };
  const std::string table = tc::render_table(header, rows, tc::TableStyle{80, false});
  const auto lines = lines_of(table);
  REQUIRE(lines.size() == rows.size() + 1);
  // The NAME column is as wide as its widest cell, "Bad \xFF\xFE bytes" = 12 and "Ada Lovelace" = 12.
  CHECK(lines[0] == "INDEX  NAME          STATUS");
  CHECK(lines[2] == "1      " + kYamada + "      created");
  CHECK(lines[6] == "5      " + kFamily + " Smith      skipped");
  for (size_t i = 1; i < lines.size(); ++i) {
    CAPTURE(lines[i]);
    CHECK(column_of(lines[i], rows[i - 1][1]) == 7);
    CHECK(column_of(lines[i], rows[i - 1][2]) == 21);
    CHECK(tc::display_width(lines[i]) == 21 + rows[i - 1][2].size());
  }

  // Shrunk to 22 columns, NAME is cut to 6 with "…" at a cluster boundary; STATUS stays aligned.
  const auto narrow = lines_of(tc::render_table(header, rows, tc::TableStyle{22, false}));
  REQUIRE(narrow.size() == rows.size() + 1);
  const size_t status_col = column_of(narrow[0], "STATUS");
  CHECK(status_col == 15);
  CHECK(narrow[2] == "1      " + kYamada.substr(0, 6) + kEllipsis + "   created");
  CHECK(narrow[6] == "5      " + kFamily + " Sm" + kEllipsis + "  skipped");
  CHECK(narrow[7] == "6      " + kFlagDe + " M\xC3\xBC" + kEllipsis + "  created");
  for (size_t i = 1; i < narrow.size(); ++i) {
    CAPTURE(narrow[i]);
    CHECK(column_of(narrow[i], rows[i - 1][2]) == status_col);
    CHECK(tc::display_width(narrow[i]) == status_col + rows[i - 1][2].size());
  }
}

TEST_CASE("render_table: bold header only with colour") {
  const std::string plain = tc::render_table({"A", "B"}, {{"1", "2"}}, tc::TableStyle{80, false});
  CHECK(plain == "A  B\n1  2\n");
  const std::string bold = tc::render_table({"A", "B"}, {{"1", "2"}}, tc::TableStyle{80, true});
  CHECK(bold.find("\x1b[1mA") != std::string::npos);
  CHECK(bold.substr(bold.find('\n') + 1) == "1  2\n");
}

TEST_CASE("is_json_pointer") {
  CHECK(tc::is_json_pointer(""));
  CHECK(tc::is_json_pointer("/id"));
  CHECK(tc::is_json_pointer("/emails/0/email"));
  CHECK(tc::is_json_pointer("/a~1b"));
  CHECK(tc::is_json_pointer("/a~0b"));
  CHECK(tc::is_json_pointer("/"));
  CHECK_FALSE(tc::is_json_pointer("id"));
  CHECK_FALSE(tc::is_json_pointer("#/id"));
  CHECK_FALSE(tc::is_json_pointer("/a~2"));
  CHECK_FALSE(tc::is_json_pointer("/a~"));
}

TEST_CASE("field_value") {
  const rapidjson::Document c = json(R"({
    "id": "opp-1", "count": 3, "ratio": 1.5, "ok": true, "none": null,
    "emails": [{"email": "ada@example.com"}],
    "tags": ["a", "b"],
    "a/b": "slash", "m~n": "tilde", "": "empty key"
  })");
  CHECK(tc::field_value(c, "/id") == std::optional<std::string>("opp-1"));
  CHECK(tc::field_value(c, "/count") == std::optional<std::string>("3"));
  CHECK(tc::field_value(c, "/ratio") == std::optional<std::string>("1.5"));
  CHECK(tc::field_value(c, "/ok") == std::optional<std::string>("true"));
  CHECK(tc::field_value(c, "/none") == std::optional<std::string>("null"));
  CHECK(tc::field_value(c, "/emails/0/email") == std::optional<std::string>("ada@example.com"));
  CHECK(tc::field_value(c, "/emails/0") == std::optional<std::string>(R"({"email":"ada@example.com"})"));
  CHECK(tc::field_value(c, "/tags") == std::optional<std::string>(R"(["a","b"])"));
  CHECK(tc::field_value(c, "/a~1b") == std::optional<std::string>("slash"));
  CHECK(tc::field_value(c, "/m~0n") == std::optional<std::string>("tilde"));
  CHECK(tc::field_value(c, "/") == std::optional<std::string>("empty key"));
  CHECK_FALSE(tc::field_value(c, "/missing").has_value());
  CHECK_FALSE(tc::field_value(c, "/emails/1").has_value());
  CHECK_FALSE(tc::field_value(c, "/id/x").has_value());
  CHECK_FALSE(tc::field_value(c, "/a/b").has_value());  // unescaped: a path, not the key "a/b"
  CHECK_FALSE(tc::field_value(c, "id").has_value());
  CHECK_FALSE(tc::field_value(c, "#/id").has_value());
  CHECK_FALSE(tc::field_value(c, "/a~2").has_value());
  // "" is the whole document.
  const rapidjson::Document small = json(R"({"id":"x"})");
  CHECK(tc::field_value(small, "") == std::optional<std::string>(R"({"id":"x"})"));
}

TEST_CASE("render_table: a column empty in every row is left out") {
  const std::string table = tc::render_table(
      {"INDEX", "ID", "STATUS", "NOTE"}, {{"0", "", "valid", ""}, {"1", "", "failed", ""}}, tc::TableStyle{80, false});
  CHECK(table ==
        "INDEX  STATUS\n"
        "0      valid\n"
        "1      failed\n");
  // With no rows at all the header is all there is to show.
  CHECK(tc::render_table({"A", "B"}, {}, tc::TableStyle{80, false}) == "A  B\n");
}

TEST_CASE("render_table: off a terminal every cell is whole, whatever the width") {
  const std::vector<std::vector<std::string>> rows = {
      {"a1b2c3d4-0000-4000-8000-00000000000a", "Years of experience with distributed systems", "text"}};
  tc::TableStyle style{40, false};
  style.fit = false;
  CHECK(tc::render_table({"NAME", "LABEL", "TYPE"}, rows, style) ==
        "NAME                                  LABEL                                         TYPE\n"
        "a1b2c3d4-0000-4000-8000-00000000000a  Years of experience with distributed systems  text\n");
}

TEST_CASE("render_table: on a terminal the kept columns are cut last") {
  const std::vector<std::vector<std::string>> rows = {
      {"a1b2c3d4-0000-4000-8000-00000000000a", "Years of experience with distributed systems", "text"}};
  // 36 + 2 + 20 + 2 + 4 = 64 columns: LABEL gives way, NAME stays whole.
  CHECK(tc::render_table({"NAME", "LABEL", "TYPE"}, rows, tc::TableStyle{64, false}, {0}) ==
        "NAME                                  LABEL                 TYPE\n"
        "a1b2c3d4-0000-4000-8000-00000000000a  Years of experience\xE2\x80\xA6  text\n");
  // Without the promise NAME is the widest after LABEL's first cuts and gives way too.
  const std::string unkept = tc::render_table({"NAME", "LABEL", "TYPE"}, rows, tc::TableStyle{64, false});
  CHECK(unkept.find("a1b2c3d4-0000-4000-8000-00000000000a") == std::string::npos);
  // When nothing else is left to cut, a kept column is cut too: the table still fits.
  const auto narrow = lines_of(tc::render_table({"NAME", "LABEL", "TYPE"}, rows, tc::TableStyle{30, false}, {0}));
  REQUIRE(narrow.size() == 2);
  CHECK(narrow[1] == "a1b2c3d4-0000-400\xE2\x80\xA6  Yea\xE2\x80\xA6  text");
  CHECK(tc::display_width(narrow[1]) == 30);
}

TEST_CASE("render_table_row: fixed widths, the last column takes the rest") {
  const std::vector<size_t> widths = {5, 7};
  const std::string detail = "a message longer than the twenty columns left";
  SUBCASE("on a terminal: cut to fit") {
    const tc::TableStyle style{38, false};  // 7 + 9 = 16 fixed, 22 left
    CHECK(tc::render_table_row({"12", "failed", detail}, widths, style) ==
          "12     failed   a message longer than\xE2\x80\xA6\n");
    CHECK(tc::render_table_row({"1234567", "created", "x"}, widths, style) == "1234\xE2\x80\xA6  created  x\n");
  }
  SUBCASE("off a terminal: whole, a long cell pushing the row right") {
    tc::TableStyle style{38, false};
    style.fit = false;
    CHECK(tc::render_table_row({"12", "failed", detail}, widths, style) == "12     failed   " + detail + "\n");
    CHECK(tc::render_table_row({"1234567", "created", "x"}, widths, style) == "1234567  created  x\n");
  }
  SUBCASE("line breaks in a cell become spaces; trailing blanks are dropped") {
    tc::TableStyle style{38, false};
    style.fit = false;
    CHECK(tc::render_table_row({"1", "ok\nfine", ""}, widths, style) == "1      ok fine\n");
  }
}
