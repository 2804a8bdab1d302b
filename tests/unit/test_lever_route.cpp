// LeverRoute (core/lever/route.hpp) over a scripted transport: request building, status mapping, the
// exactly-once create after an ambiguous answer (docs/lever-contract.md §5), multipart leads and the applicant flow.
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/lever/apply_mapping.hpp"
#include "core/lever/job_form.hpp"
#include "core/lever/route.hpp"
#include "core/lever/session.hpp"
#include "core/util/error.hpp"
#include "core/util/json_util.hpp"
#include "fakes.hpp"
#include "typed_record.hpp"

using namespace tc;
using tc::test::ambiguous;
using tc::test::FakeClock;
using tc::test::FakeTransport;
using tc::test::ForwardingTransport;
using tc::test::respond;
using tc::test::TypedRecord;

namespace {

const std::string kBase = "https://api.lever.co/v1";
const std::string kOpportunity =
    R"({"id":"opp1","name":"Ada Lovelace","emails":["ada@example.com"],"createdAt":1700000000000,)"
    R"("stage":{"id":"lead-new","text":"New lead"},"applications":[{"id":"app1","posting":"post1"}]})";
const std::string kOpportunityPlain =
    R"({"id":"opp1","name":"Ada Lovelace","stage":"lead-new","applications":["app1"]})";

std::string data(const std::string& json) { return R"({"data":)" + json + "}"; }

// Every route gets its own transport object; they all forward to one recording fake.
struct Rig {
  FakeTransport transport;
  FakeClock clock;
  std::unique_ptr<LeverSession> session;
  explicit Rig(std::string perform_as = "u1", ApplicationSource source = ApplicationSource::Lead,
               bool send_confirmation_email = false) {
    LeverSettings s;
    s.target.job_id = "post1";
    s.target.source = source;
    s.target.send_confirmation_email = send_confirmation_email;
    s.endpoint.base_url = kBase;
    s.endpoint.credentials = {LeverCredentials::Kind::ApiKey, "secret-key"};
    s.perform_as = std::move(perform_as);
    s.rate = 0;
    session = std::make_unique<LeverSession>(
        s, [this] { return std::make_unique<ForwardingTransport>(transport); }, clock, nullptr, nullptr);
  }
};

rapidjson::Document doc(const std::string& text) {
  rapidjson::Document d;
  REQUIRE(parse_json(text, d));
  return d;
}

const std::string kAda = R"({"first_name":"Ada","last_name":"Lovelace","emails":[{"email":"ada@example.com"}]})";

ErrorKind create_error(LeverRoute& route, const std::string& record, std::string* message = nullptr,
                       bool* unknown = nullptr) {
  try {
    route.create(TypedRecord(record));
  } catch (const Error& e) {
    if (message) *message = e.what();
    if (unknown) *unknown = e.outcome_unknown();
    return e.kind();
  }
  return ErrorKind::Internal;  // "no error"
}

std::string header(const HttpRequest& r, const std::string& name) {
  for (const auto& h : r.headers) {
    if (h.name == name) return h.value;
  }
  return {};
}

}  // namespace

TEST_CASE("lead JSON create: URL, headers, exact body, fresh connection, candidate out") {
  Rig rig;
  rig.transport.on("POST", "/v1/opportunities", {respond(201, data(kOpportunity))});
  LeverRoute route(*rig.session);
  CreateOutcome out = route.create(TypedRecord(kAda));
  CHECK(out.id == "opp1");
  CHECK_FALSE(out.found_existing);
  CHECK(get_string(out.candidate, "id") == "opp1");
  const auto requests = rig.transport.requests();
  REQUIRE(requests.size() == 1);
  const HttpRequest& r = requests[0];
  CHECK(r.method == "POST");
  CHECK(r.url == kBase + "/opportunities?perform_as=u1&expand=applications&expand=stage&expand=owner");
  CHECK(r.body == R"({"name":"Ada Lovelace","emails":["ada@example.com"],"postings":["post1"],"origin":"sourced"})");
  CHECK(r.form.empty());
  CHECK(r.fresh_connection);
  CHECK(r.auth.kind == HttpAuth::Kind::Basic);  // libcurl builds the header from the key
  CHECK(r.auth.user == "secret-key");
  CHECK(r.auth.secret.empty());
  CHECK(header(r, "Authorization").empty());
  CHECK(header(r, "Accept") == "application/json");
  CHECK(header(r, "Content-Type") == "application/json");
  CHECK(header(r, "User-Agent").rfind("truto-candidates/", 0) == 0);
  CHECK(route.requests_sent() == 1);
}

TEST_CASE("perform_as e-mail is resolved with GET /users once for the run") {
  Rig rig("boss@example.com");
  rig.transport.on("GET", "/v1/users", {respond(200, data(R"([{"id":"user-42","email":"boss@example.com"}])"))});
  rig.transport.on("POST", "/v1/opportunities", {respond(201, data(kOpportunity))}).repeating();
  LeverRoute a(*rig.session), b(*rig.session);
  a.create(TypedRecord(kAda));
  b.create(TypedRecord(kAda));
  CHECK(rig.transport.count("GET", "/v1/users") == 1);
  const auto requests = rig.transport.requests();
  CHECK(requests[0].url == kBase + "/users?email=boss%40example.com&includeDeactivated=false");
  CHECK(requests[1].url.find("perform_as=user-42&") != std::string::npos);
  CHECK(requests[2].url.find("perform_as=user-42&") != std::string::npos);
}

TEST_CASE("perform_as: unknown e-mail or none → Config, no create sent") {
  Rig unknown("nobody@example.com");
  unknown.transport.on("GET", "/v1/users", {respond(200, data("[]"))});
  LeverRoute r1(*unknown.session);
  CHECK(create_error(r1, kAda) == ErrorKind::Config);
  CHECK(unknown.transport.count("POST", "/v1") == 0);

  Rig missing("");
  LeverRoute r2(*missing.session);
  CHECK(create_error(r2, kAda) == ErrorKind::Config);
  CHECK(missing.transport.size() == 0);
}

TEST_CASE("an unexpanded answer is read back expanded") {
  Rig rig;
  rig.transport.on("POST", "/v1/opportunities", {respond(201, data(kOpportunityPlain))});
  rig.transport.on("GET", "/v1/opportunities/opp1", {respond(200, data(kOpportunity))});
  LeverRoute route(*rig.session);
  CreateOutcome out = route.create(TypedRecord(kAda));
  const auto requests = rig.transport.requests();
  REQUIRE(requests.size() == 2);
  CHECK(requests[1].method == "GET");
  CHECK(requests[1].url == kBase + "/opportunities/opp1?expand=applications&expand=stage&expand=owner");
  CHECK(out.id == "opp1");
}

TEST_CASE("Lever's refusals map to exit kinds with code: message") {
  struct Case {
    int status;
    ErrorKind kind;
  };
  for (const auto& c :
       {Case{401, ErrorKind::Auth}, Case{403, ErrorKind::Auth}, Case{400, ErrorKind::InvalidInput},
        Case{404, ErrorKind::InvalidInput}, Case{422, ErrorKind::InvalidInput}, Case{418, ErrorKind::Protocol}}) {
    Rig rig;
    rig.transport.on("POST", "/v1/opportunities",
                     {respond(c.status, R"({"code":"BadRequestError","message":"Invalid posting"})")});
    LeverRoute route(*rig.session);
    std::string message;
    CAPTURE(c.status);
    CHECK(create_error(route, kAda, &message) == c.kind);
    CHECK(message.find("BadRequestError: Invalid posting") != std::string::npos);
    CHECK(message.find("HTTP " + std::to_string(c.status)) != std::string::npos);
    CHECK(rig.transport.size() == 1);
  }
  Rig no_data;
  no_data.transport.on("POST", "/v1/opportunities", {respond(201, R"({"id":"opp1"})")});
  LeverRoute route(*no_data.session);
  CHECK(create_error(route, kAda) == ErrorKind::Protocol);
  Rig not_json;
  not_json.transport.on("POST", "/v1/opportunities", {respond(200, "<html>")});
  LeverRoute route2(*not_json.session);
  CHECK(create_error(route2, kAda) == ErrorKind::Protocol);
}

TEST_CASE("lever_data_or_throw") {
  HttpResponse r;
  r.status = 200;
  r.body = R"({"data":{"x":1}})";
  CHECK(to_json(lever_data_or_throw(r, "x")) == R"({"x":1})");
  r.status = 500;
  r.body = "";
  CHECK_THROWS_WITH_AS(lever_data_or_throw(r, "read it"), "Lever refused to read it (HTTP 500: no error details)",
                       Error);
}

TEST_CASE("ambiguous create, lookup finds it → found_existing, exactly one POST") {
  Rig rig;
  rig.transport.on("POST", "/v1/opportunities", {ambiguous()});
  rig.transport.on("GET", "/v1/opportunities", {respond(200, data("[" + kOpportunity + "]"))});
  LeverRoute route(*rig.session);
  const long long attempt_ms = rig.clock.epoch_ms();
  CreateOutcome out = route.create(TypedRecord(kAda));
  CHECK(out.found_existing);
  CHECK(out.id == "opp1");
  CHECK(rig.transport.count("POST", "/v1/opportunities") == 1);
  const auto requests = rig.transport.requests();
  REQUIRE(requests.size() == 2);
  CHECK(requests[1].url == kBase + "/opportunities?email=ada%40example.com&posting_id=post1&created_at_start=" +
                               std::to_string(attempt_ms - 30'000) +
                               "&confidentiality=all&limit=100&expand=applications&expand=stage&expand=owner");
  CHECK(rig.clock.sleeps().size() == 1);  // waited for the create to land before looking
}

TEST_CASE("ambiguous create, lookup empty → sent once more → created") {
  Rig rig;
  rig.transport.on("POST", "/v1/opportunities", {respond(504), respond(201, data(kOpportunity))});
  rig.transport.on("GET", "/v1/opportunities", {respond(200, data("[]"))});
  LeverRoute route(*rig.session);
  CreateOutcome out = route.create(TypedRecord(kAda));
  CHECK_FALSE(out.found_existing);
  CHECK(out.id == "opp1");
  CHECK(rig.transport.count("POST", "/v1/opportunities") == 2);
  CHECK(rig.transport.count("GET", "/v1/opportunities") == 1);
}

TEST_CASE("ambiguous create without an e-mail → outcome unknown (TempFail), one POST") {
  Rig rig;
  rig.transport.on("POST", "/v1/opportunities", {ambiguous()});
  LeverRoute route(*rig.session);
  bool unknown = false;
  std::string message;
  CHECK(create_error(route, R"({"first_name":"Ada"})", &message, &unknown) == ErrorKind::TempFail);
  CHECK(unknown);
  CHECK(message.find("outcome unknown") != std::string::npos);
  CHECK(rig.transport.size() == 1);
}

TEST_CASE("ambiguous create whose lookup fails → outcome unknown, no re-send") {
  Rig quick;
  quick.transport.on("POST", "/v1/opportunities", {respond(500)});
  quick.transport.on("GET", "/v1/opportunities", {respond(403, R"({"code":"Forbidden","message":"no"})")});
  LeverRoute route(*quick.session);
  bool unknown = false;
  CHECK(create_error(route, kAda, nullptr, &unknown) == ErrorKind::TempFail);
  CHECK(unknown);
  CHECK(quick.transport.count("POST", "/v1/opportunities") == 1);
}

TEST_CASE("ambiguous every time, lookup always empty → Unavailable after the retries, never unknown") {
  Rig rig;
  rig.transport.on("POST", "/v1/opportunities", {respond(502)}).repeating();
  rig.transport.on("GET", "/v1/opportunities", {respond(200, data("[]"))}).repeating();
  LeverRoute route(*rig.session);
  bool unknown = true;
  CHECK(create_error(route, kAda, nullptr, &unknown) == ErrorKind::Unavailable);
  CHECK_FALSE(unknown);
  CHECK(rig.transport.count("POST", "/v1/opportunities") == 5);  // 1 + retries (4)
}

TEST_CASE("a resume file makes the lead multipart; a missing file sends nothing") {
  char path[] = "/tmp/tc-route-XXXXXX.pdf";
  const int fd = mkstemps(path, 4);
  REQUIRE(fd >= 0);
  REQUIRE(write(fd, "%PDF-1.4 bytes", 14) == 14);
  close(fd);
  const std::string record =
      R"({"first_name":"Ada","last_name":"Lovelace","emails":[{"email":"ada@example.com"}],)"
      R"("phones":[{"number":"+44 1","type":"cell"}],"attachments":[{"id":"cv","file_name":"cv.pdf",)"
      R"("file_url":"file://)" +
      std::string(path) + R"(","type":"resume"}]})";
  Rig rig;
  rig.transport.on("POST", "/v1/opportunities", {respond(201, data(kOpportunity))});
  rig.transport.on("GET", "/v1/opportunities/opp1/resumes", {respond(200, data("[]"))});
  rig.transport.on("GET", "/v1/opportunities/opp1/files", {respond(200, data("[]"))}).optional();
  LeverRoute route(*rig.session);
  route.create(TypedRecord(record));
  const auto requests = rig.transport.requests();
  // The create, then only the resumes (no other file was sent, so the files list is not read).
  REQUIRE(requests.size() == 2);
  CHECK(requests[1].url == kBase + "/opportunities/opp1/resumes");
  const HttpRequest& post = requests[0];
  CHECK(post.body.empty());
  CHECK(post.fresh_connection);
  std::map<std::string, const FormPart*> parts;
  for (const auto& p : post.form) parts[p.name] = &p;
  REQUIRE(parts.count("resumeFile") == 1);
  CHECK(parts["resumeFile"]->is_file);
  CHECK(parts["resumeFile"]->value == "%PDF-1.4 bytes");
  CHECK(parts["resumeFile"]->file_name == "cv.pdf");
  CHECK(parts["resumeFile"]->content_type == "application/pdf");
  REQUIRE(parts.count("emails[]") == 1);
  CHECK(parts["emails[]"]->value == "ada@example.com");
  REQUIRE(parts.count("phones[0][value]") == 1);
  CHECK(parts["phones[0][value]"]->value == "+44 1");
  CHECK(parts["phones[0][type]"]->value == "mobile");
  CHECK(parts["name"]->value == "Ada Lovelace");
  std::remove(path);

  Rig missing;
  LeverRoute route2(*missing.session);
  CHECK(create_error(route2, record) == ErrorKind::NoInput);  // the file was removed above
  CHECK(missing.transport.size() == 0);
}

TEST_CASE("resolve_in_flight looks up by e-mail; without one it cannot resend") {
  Rig rig;
  rig.transport.on("GET", "/v1/opportunities",
                   {respond(200, data("[" + kOpportunity + "]")), respond(200, data("[]"))});
  LeverRoute route(*rig.session);
  bool can_resend = false;
  auto found = route.resolve_in_flight(TypedRecord(kAda), 1'700'000'000'000LL, can_resend);
  REQUIRE(found.has_value());
  CHECK(found->id == "opp1");
  CHECK(found->found_existing);
  CHECK(can_resend);
  CHECK_FALSE(route.resolve_in_flight(TypedRecord(kAda), 1'700'000'000'000LL, can_resend).has_value());
  CHECK(can_resend);
  CHECK_FALSE(route.resolve_in_flight(TypedRecord(R"({"first_name":"X"})"), 1, can_resend).has_value());
  CHECK_FALSE(can_resend);
  CHECK(rig.transport.size() == 2);
}

// ---- applicant ---------------------------------------------------------------------------------

namespace {

const std::string kForm = R"({"id":"post1","text":"Engineer",
  "personalInformation":[{"name":"fullName","text":"Full name","type":"text","required":true},
                         {"name":"email","text":"Email","type":"text","required":true},
                         {"name":"resume","text":"Resume","type":"file-upload","required":false}],
  "urls":[],
  "customQuestions":[{"id":"g1","text":"Screening","fields":[
     {"id":"q1","text":"Years of experience","type":"text","required":true}]}]})";

std::string applicant(const std::string& resume_path, const std::string& email) {
  return R"({"first_name":"Ada","last_name":"Lovelace","emails":[{"email":")" + email +
         R"("}],"tags":["t1","t2"],)"
         R"("attachments":[{"id":"cv","file_name":"cv.pdf","file_url":"file://)" +
         resume_path +
         R"(","type":"resume"}],)"
         R"("job_form_field_answers":[{"group_id":"g1","name":"q1","value":"5"}]})";
}

}  // namespace

TEST_CASE("applicant: form once, uploads before apply, body from build_apply_body, addTags") {
  char path[] = "/tmp/tc-apply-XXXXXX.pdf";
  const int fd = mkstemps(path, 4);
  REQUIRE(fd >= 0);
  REQUIRE(write(fd, "PDF", 3) == 3);
  close(fd);

  Rig rig("u1", ApplicationSource::Applicant);
  rig.transport.on("GET", "/v1/postings/post1/apply", {respond(200, data(kForm))}).repeating();
  rig.transport.on("POST", "/v1/uploads", {respond(200, data(R"({"uri":"https://uploads/cv-uri"})"))}).repeating();
  rig.transport.on("POST", "/v1/postings/post1/apply", {respond(200, data(R"({"applicationId":"app1"})"))}).repeating();
  rig.transport
      .on("GET", "/v1/opportunities",
          {respond(200, data(R"([{"id":"other","applications":[{"id":"app0"}],"createdAt":1800000000000},)" +
                             kOpportunity + "]"))})
      .repeating();
  rig.transport
      .on("POST", "/v1/opportunities/opp1/addTags", {respond(200, data(R"({"id":"opp1","tags":["t1","t2"]})"))})
      .repeating();
  rig.transport.on("GET", "/v1/opportunities/opp1/resumes", {respond(200, data("[]"))}).repeating();
  rig.transport.on("GET", "/v1/opportunities/opp1/files", {respond(200, data("[]"))}).optional();

  LeverRoute first(*rig.session), second(*rig.session);
  CreateOutcome out = first.create(TypedRecord(applicant(path, "ada@example.com")));
  second.create(TypedRecord(applicant(path, "ada@example.com")));
  CHECK(out.id == "opp1");  // the one holding app1, not the newer "other"
  CHECK(rig.transport.count("GET", "/v1/postings/post1/apply") == 1);

  const auto requests = rig.transport.requests();
  // One record's sequence: form, upload, apply, lookup, addTags, resumes (only a resume was sent);
  // the second record reuses the form.
  REQUIRE(requests.size() == 11);
  CHECK(requests[5].url == kBase + "/opportunities/opp1/resumes");
  CHECK(requests[1].url == kBase + "/uploads");
  REQUIRE(requests[1].form.size() == 1);
  CHECK(requests[1].form[0].name == "file");
  CHECK(requests[1].form[0].value == "PDF");
  CHECK(requests[2].url == kBase + "/postings/post1/apply");
  CHECK(requests[2].fresh_connection);
  const JobForm form = JobForm::parse(doc(kForm));
  const rapidjson::Document expected = build_apply_body(
      tc::read_candidate_record(doc(applicant(path, "ada@example.com"))), form, {{"cv", "https://uploads/cv-uri"}});
  CHECK(requests[2].body == to_json(expected));
  CHECK(requests[2].body.find("https://uploads/cv-uri") != std::string::npos);
  CHECK(requests[3].url.find(kBase + "/opportunities?email=ada%40example.com&posting_id=post1") == 0);
  CHECK(requests[4].url == kBase + "/opportunities/opp1/addTags");
  CHECK(requests[4].body == R"({"tags":["t1","t2"]})");
  std::remove(path);
}

TEST_CASE("applicant: pre-flight problems → InvalidInput, nothing sent beyond the form") {
  Rig rig("u1", ApplicationSource::Applicant);
  rig.transport.on("GET", "/v1/postings/post1/apply", {respond(200, data(kForm))});
  LeverRoute route(*rig.session);
  std::string message;
  // No answer for the required q1, and an unknown question.
  CHECK(create_error(route,
                     R"({"first_name":"Ada","emails":[{"email":"a@b.c"}],)"
                     R"("job_form_field_answers":[{"name":"nope","value":"x"}]})",
                     &message) == ErrorKind::InvalidInput);
  const auto requests = rig.transport.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].method == "GET");
  try {
    route.create(TypedRecord(
        R"({"first_name":"Ada","emails":[{"email":"a@b.c"}],"job_form_field_answers":[{"name":"nope","value":"x"}]})"));
  } catch (const Error& e) {
    CHECK(e.problems().size() >= 2);
  }
  CHECK(rig.transport.size() == 1);  // the form is cached
}

// ---- applicant steps, one at a time ------------------------------------------------------------

namespace {

LoadedFile loaded(const std::string& name, const std::string& bytes) { return {name, "application/pdf", bytes}; }

}  // namespace

TEST_CASE("applicant upload step: one POST /uploads per file, attachment id → uri") {
  Rig rig("u1", ApplicationSource::Applicant);
  rig.transport.on("POST", "/v1/uploads",
                   {respond(200, data(R"({"uri":"https://u/1"})")), respond(200, data(R"({"uri":"https://u/2"})"))});
  LeverRoute route(*rig.session);
  std::vector<AttachmentFile> files;
  files.push_back({"cv", loaded("cv.pdf", "CV")});
  files.push_back({"letter", loaded("letter.pdf", "LETTER")});
  const auto uris = route.upload_attachments(files);
  CHECK(uris == std::map<std::string, std::string>{{"cv", "https://u/1"}, {"letter", "https://u/2"}});
  const auto requests = rig.transport.requests();
  REQUIRE(requests.size() == 2);
  REQUIRE(requests[1].form.size() == 1);
  CHECK(requests[1].form[0].name == "file");
  CHECK(requests[1].form[0].file_name == "letter.pdf");
  CHECK(requests[1].form[0].value == "LETTER");

  rig.transport.on("POST", "/v1/uploads", {respond(200, data(R"({"id":"no-uri"})"))});
  CHECK_THROWS_AS(route.upload_attachments(files), Error);
  CHECK(route.upload_attachments({}).empty());
}

TEST_CASE("applicant send step: the body of build_apply_body, confirmation e-mail, applicationId out") {
  Rig rig("u1", ApplicationSource::Applicant, /*send_confirmation_email=*/true);
  rig.transport.on("POST", "/v1/postings/post1/apply", {respond(200, data(R"({"applicationId":"app9"})"))});
  LeverRoute route(*rig.session);
  const JobForm form = JobForm::parse(doc(kForm));
  const std::string record = R"({"first_name":"Ada","emails":[{"email":"ada@example.com"}],)"
                             R"("attachments":[{"id":"cv","file_url":"https://f/cv.pdf","type":"resume"}],)"
                             R"("job_form_field_answers":[{"name":"q1","value":"5"}]})";
  SentApplication sent = route.send_application(tc::read_candidate_record(doc(record)), form, {{"cv", "https://u/cv"}});
  CHECK(sent.application_id == "app9");
  CHECK_FALSE(sent.existing.has_value());
  const auto requests = rig.transport.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].url == kBase + "/postings/post1/apply?send_confirmation_email=true");
  CHECK(requests[0].body ==
        to_json(build_apply_body(tc::read_candidate_record(doc(record)), form, {{"cv", "https://u/cv"}})));
  CHECK(requests[0].body.find(R"({"name":"resume","value":"https://u/cv"})") != std::string::npos);

  rig.transport.on("POST", "/v1/postings/post1/apply", {respond(200, data(R"({"ok":true})"))});
  std::string message;
  try {
    route.send_application(tc::read_candidate_record(doc(record)), form, {{"cv", "https://u/cv"}});
  } catch (const Error& e) {
    message = e.what();
    CHECK(e.kind() == ErrorKind::Protocol);
  }
  CHECK(message.find("applicationId") != std::string::npos);
}

TEST_CASE("applicant send step: an ambiguous apply found by the lookup is not sent again") {
  Rig rig("u1", ApplicationSource::Applicant);
  rig.transport.on("POST", "/v1/postings/post1/apply", {ambiguous()});
  rig.transport.on("GET", "/v1/opportunities", {respond(200, data("[" + kOpportunity + "]"))});
  LeverRoute route(*rig.session);
  const JobForm form = JobForm::parse(doc(kForm));
  SentApplication sent = route.send_application(
      tc::read_candidate_record(doc(R"({"first_name":"Ada","emails":[{"email":"ada@example.com"}],)"
                                    R"("job_form_field_answers":[{"name":"q1","value":"5"}]})")),
      form, {});
  REQUIRE(sent.existing.has_value());
  CHECK(get_string(*sent.existing, "id") == "opp1");
  CHECK(sent.application_id.empty());
  CHECK(rig.transport.count("POST", "/v1/postings/post1/apply") == 1);
  CHECK(rig.transport.count("GET", "/v1/opportunities") == 1);
}

TEST_CASE("applicant await step: picks the opportunity holding the application among several") {
  Rig rig("u1", ApplicationSource::Applicant);
  // The newest opportunity holds another application; a plain-string application id also counts.
  const std::string list = R"([{"id":"newer","applications":[{"id":"app0"}],"createdAt":1900000000000},)"
                           R"({"id":"mine","applications":["app7"],"createdAt":1700000000000},)"
                           R"({"id":"none","createdAt":1950000000000}])";
  rig.transport.on("GET", "/v1/opportunities", {respond(200, data("[]")), respond(200, data(list))});
  LeverRoute route(*rig.session);
  rapidjson::Document found = route.await_opportunity(tc::read_candidate_record(doc(kAda)), "app7");
  CHECK(get_string(found, "id") == "mine");
  const auto requests = rig.transport.requests();
  REQUIRE(requests.size() == 2);  // the index lagged once
  CHECK(requests[1].url == kBase +
                               "/opportunities?email=ada%40example.com&posting_id=post1&created_at_start=0"
                               "&confidentiality=all&limit=100&expand=applications&expand=stage&expand=owner");
  CHECK(rig.clock.sleeps() == std::vector<double>{0.5});
}

TEST_CASE("applicant await step: no opportunity holds the application → Protocol after four looks") {
  Rig rig("u1", ApplicationSource::Applicant);
  rig.transport
      .on("GET", "/v1/opportunities", {respond(200, data(R"([{"id":"other","applications":[{"id":"app0"}]}])"))})
      .repeating();
  LeverRoute route(*rig.session);
  std::string message;
  try {
    route.await_opportunity(tc::read_candidate_record(doc(kAda)), "app7");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Protocol);
    message = e.what();
  }
  CHECK(message ==
        "Ada Lovelace applied (application app7), but no opportunity of ada@example.com holds that "
        "application");
  CHECK(rig.transport.size() == 4);
  CHECK(rig.clock.sleeps() == std::vector<double>{0.5, 1.0, 1.5});
}

TEST_CASE("applicant leftovers step: addTags and addLinks only for what the form did not carry") {
  Rig rig("u1", ApplicationSource::Applicant);
  rig.transport.on("POST", "/v1/opportunities/opp1/addTags", {respond(200, data(R"({"tags":["t1","old"]})"))});
  rig.transport.on("POST", "/v1/opportunities/opp1/addLinks",
                   {respond(200, data(R"({"links":["https://gitlab.com/ada"]})"))});
  LeverRoute route(*rig.session);
  // A form with a LinkedIn field: the LinkedIn link rides in the apply body, the GitLab one is left over.
  const JobForm form = JobForm::parse(doc(
      R"({"id":"post1","personalInformation":[{"name":"fullName","text":"Full name","type":"text"},)"
      R"({"name":"email","text":"Email","type":"text"}],"urls":[{"name":"LinkedIn","text":"LinkedIn","type":"text"}]})"));
  const ApplyPlan plan = plan_apply(
      tc::read_candidate_record(doc(R"({"first_name":"Ada","emails":[{"email":"ada@example.com"}],"tags":["t1"],)"
                                    R"("links":["https://www.linkedin.com/in/ada","https://gitlab.com/ada"]})")),
      form);
  REQUIRE(plan.problems.empty());
  REQUIRE(plan.leftover_links == std::vector<std::string>{"https://gitlab.com/ada"});

  rapidjson::Document opportunity = doc(R"({"id":"opp1","tags":[]})");
  route.add_leftovers(opportunity, {plan.leftover_tags, plan.leftover_links, {}, ""});
  auto requests = rig.transport.requests();
  REQUIRE(requests.size() == 2);
  CHECK(requests[0].url == kBase + "/opportunities/opp1/addTags");
  CHECK(requests[0].body == R"({"tags":["t1"]})");
  CHECK(requests[1].url == kBase + "/opportunities/opp1/addLinks");
  CHECK(requests[1].body == R"({"links":["https://gitlab.com/ada"]})");
  // The opportunity takes what Lever answered.
  CHECK(to_json(opportunity) == R"({"id":"opp1","tags":["t1","old"],"links":["https://gitlab.com/ada"]})");

  // Nothing left over: no request at all.
  route.add_leftovers(opportunity, {});
  CHECK(rig.transport.size() == 2);
}

TEST_CASE("applicant leftovers step: files go to POST …/files as the perform_as user; tags with it too") {
  Rig rig("u1", ApplicationSource::Applicant);
  rig.transport.on("POST", "/v1/opportunities/opp1", {respond(200, data("{}"))}).repeating();
  LeverRoute route(*rig.session);
  rapidjson::Document opportunity = doc(R"({"id":"opp1"})");
  ApplicantLeftovers leftovers;
  leftovers.tags = {"t"};
  leftovers.files.push_back({"extra", loaded("extra.pdf", "EXTRA")});
  leftovers.perform_as = "u1";
  route.add_leftovers(opportunity, std::move(leftovers));
  const auto requests = rig.transport.requests();
  REQUIRE(requests.size() == 2);
  CHECK(requests[0].url == kBase + "/opportunities/opp1/addTags?perform_as=u1");
  CHECK(requests[1].url == kBase + "/opportunities/opp1/files?perform_as=u1");
  REQUIRE(requests[1].form.size() == 1);
  CHECK(requests[1].form[0].file_name == "extra.pdf");
  CHECK(requests[1].form[0].value == "EXTRA");
  CHECK(to_json(opportunity) == R"({"id":"opp1"})");  // an answer without tags changes nothing
}

TEST_CASE("an ambiguous file POST is settled by reading the opportunity's files, never re-sent blindly") {
  auto add_one_file = [](Rig& rig) {
    LeverRoute route(*rig.session);
    rapidjson::Document opportunity = doc(R"({"id":"opp1"})");
    ApplicantLeftovers leftovers;
    leftovers.files.push_back({"extra", loaded("extra.pdf", "EXTRA")});
    leftovers.perform_as = "u1";
    route.add_leftovers(opportunity, std::move(leftovers));
  };
  SUBCASE("the file landed: not sent again") {
    Rig rig("u1", ApplicationSource::Applicant);
    rig.transport.on("POST", "/v1/opportunities/opp1/files", {ambiguous(false)});
    rig.transport.on("GET", "/v1/opportunities/opp1/files",
                     {respond(200, data(R"([{"id":"f1","name":"extra.pdf"}])"))});
    add_one_file(rig);
    CHECK(rig.transport.count("POST", "/v1/opportunities/opp1/files") == 1);
    CHECK(rig.transport.count("GET", "/v1/opportunities/opp1/files") == 1);
    CHECK(rig.transport.requests()[0].fresh_connection);
  }
  SUBCASE("it did not: sent once more, on a new connection again") {
    Rig rig("u1", ApplicationSource::Applicant);
    rig.transport.on("POST", "/v1/opportunities/opp1/files", {respond(502), respond(201, data("{}"))});
    rig.transport.on("GET", "/v1/opportunities/opp1/files", {respond(200, data(R"([{"name":"other.pdf"}])"))});
    add_one_file(rig);
    const auto requests = rig.transport.requests();
    REQUIRE(requests.size() == 3);
    CHECK(requests[1].method == "GET");
    CHECK(requests[2].method == "POST");
    CHECK(requests[2].fresh_connection);
  }
  SUBCASE("unknown every time: the record fails (75) after the retries, the file never posted blindly") {
    Rig rig("u1", ApplicationSource::Applicant);
    rig.transport.on("POST", "/v1/opportunities/opp1/files", {respond(500)}).repeating();
    rig.transport.on("GET", "/v1/opportunities/opp1/files", {respond(200, data("[]"))}).repeating();
    CHECK_THROWS_AS(add_one_file(rig), Error);
    // Each POST after the first follows a read of the files that did not show it: retries (4) + 1 POSTs.
    CHECK(rig.transport.count("POST", "/v1/opportunities/opp1/files") == 5);
    CHECK(rig.transport.count("GET", "/v1/opportunities/opp1/files") == 4);
  }
}

TEST_CASE("an upload whose outcome is unknown is replaced by a new one, whose uri the application names") {
  Rig rig("u1", ApplicationSource::Applicant);
  rig.transport.on("POST", "/v1/uploads", {ambiguous(false), respond(200, data(R"({"uri":"https://u/2"})"))});
  LeverRoute route(*rig.session);
  std::vector<AttachmentFile> files;
  files.push_back({"cv", loaded("cv.pdf", "CV")});
  CHECK(route.upload_attachments(files) == std::map<std::string, std::string>{{"cv", "https://u/2"}});
  const auto requests = rig.transport.requests();
  REQUIRE(requests.size() == 2);
  CHECK(requests[0].fresh_connection);
  CHECK(requests[1].fresh_connection);
}

TEST_CASE("every list of opportunities asks for confidential ones too (confidentiality=all)") {
  Rig rig;
  rig.session->input_counted(20);  // a batch: the posting is read whole
  rig.transport.on("GET", "/v1/opportunities", {respond(200, data("[]")), respond(200, data("[]"))});
  LeverRoute route(*rig.session);
  CHECK_FALSE(route.find_duplicate(TypedRecord(kAda)).has_value());  // the posting page
  CHECK(route.find_opportunity("ada@example.com", 0, "").has_value() == false);
  const auto requests = rig.transport.requests();
  REQUIRE(requests.size() == 2);
  for (const auto& r : requests) {
    INFO(r.url);
    CHECK(r.url.find("confidentiality=all") != std::string::npos);
    CHECK(r.url.find("limit=100") != std::string::npos);
  }
}

TEST_CASE("applicant read step: every file is read before any request; a missing leftover stops the record") {
  Rig rig("u1", ApplicationSource::Applicant);
  LeverRoute route(*rig.session);
  char path[] = "/tmp/tc-read-XXXXXX.pdf";
  const int fd = mkstemps(path, 4);
  REQUIRE(fd >= 0);
  REQUIRE(write(fd, "CV", 2) == 2);
  close(fd);
  const JobForm form = JobForm::parse(doc(kForm));
  const std::string record = R"({"first_name":"Ada","emails":[{"email":"ada@example.com"}],"attachments":[)"
                             R"({"id":"cv","file_name":"cv.pdf","file_url":"file://)" +
                             std::string(path) +
                             R"(","type":"resume"},{"id":"extra","file_url":"file:///nonexistent/tc-extra.pdf"}],)"
                             R"("job_form_field_answers":[{"name":"q1","value":"5"}]})";
  const ApplyPlan plan = plan_apply(tc::read_candidate_record(doc(record)), form);
  REQUIRE(plan.problems.empty());
  REQUIRE(plan.leftover_attachments.size() == 1);
  REQUIRE(plan.leftover_attachments[0].attachment.id == "extra");
  ErrorKind kind = ErrorKind::Internal;
  try {
    route.read_applicant_files(plan);
  } catch (const Error& e) {
    kind = e.kind();
  }
  CHECK(kind == ErrorKind::NoInput);
  CHECK(rig.transport.size() == 0);

  const std::string without_extra = R"({"first_name":"Ada","emails":[{"email":"ada@example.com"}],"attachments":[)"
                                    R"({"id":"cv","file_name":"cv.pdf","file_url":"file://)" +
                                    std::string(path) +
                                    R"(","type":"resume"}],"job_form_field_answers":[{"name":"q1","value":"5"}]})";
  ApplicantFiles files = route.read_applicant_files(plan_apply(tc::read_candidate_record(doc(without_extra)), form));
  REQUIRE(files.uploads.size() == 1);
  CHECK(files.uploads[0].attachment_id == "cv");
  CHECK(files.uploads[0].file.bytes == "CV");
  CHECK(files.leftovers.empty());
  std::remove(path);
}

TEST_CASE("a lead created whose read-back fails: the error carries the id, the create is not repeated") {
  Rig rig;
  rig.transport.on("POST", "/v1/opportunities", {respond(201, data(kOpportunityPlain))});
  rig.transport.on("GET", "/v1/opportunities/opp1", {respond(404, R"({"code":"NotFound","message":"gone"})")});
  LeverRoute route(*rig.session);
  std::string created_id, message;
  ErrorKind kind = ErrorKind::Internal;
  try {
    route.create(TypedRecord(kAda));
  } catch (const Error& e) {
    created_id = e.created_id();
    message = e.what();
    kind = e.kind();
    CHECK_FALSE(e.outcome_unknown());
  }
  CHECK(created_id == "opp1");
  CHECK(kind == ErrorKind::InvalidInput);  // the read-back's own kind (404)
  CHECK(message.find("the candidate was created (opportunity opp1), but then: ") == 0);
  CHECK(rig.transport.count("POST", "/v1/opportunities") == 1);
}

TEST_CASE("an applicant whose opportunity is never found: outcome unknown (looked up on a re-run), not failed") {
  Rig rig("u1", ApplicationSource::Applicant);
  rig.transport.on("GET", "/v1/postings/post1/apply", {respond(200, data(kForm))});
  rig.transport.on("POST", "/v1/postings/post1/apply", {respond(200, data(R"({"applicationId":"app7"})"))});
  rig.transport.on("GET", "/v1/opportunities", {respond(200, data("[]"))}).repeating();
  LeverRoute route(*rig.session);
  std::string message;
  bool unknown = false;
  const ErrorKind kind =
      create_error(route,
                   R"({"first_name":"Ada","last_name":"Lovelace","emails":[{"email":"ada@example.com"}],)"
                   R"("job_form_field_answers":[{"group_id":"g1","name":"q1","value":"5"}]})",
                   &message, &unknown);
  CHECK(kind == ErrorKind::TempFail);
  CHECK(unknown);
  CHECK(message.find("the application app7 was sent, but its opportunity was not found") == 0);
  CHECK(rig.transport.count("POST", "/v1/postings/post1/apply") == 1);
}

TEST_CASE("an applicant whose leftovers fail after the opportunity is known: the error carries its id") {
  Rig rig("u1", ApplicationSource::Applicant);
  rig.transport.on("GET", "/v1/postings/post1/apply", {respond(200, data(kForm))});
  rig.transport.on("POST", "/v1/postings/post1/apply", {respond(200, data(R"({"applicationId":"app1"})"))});
  rig.transport.on("GET", "/v1/opportunities", {respond(200, data("[" + kOpportunity + "]"))});
  rig.transport.on("POST", "/v1/opportunities/opp1/addTags", {respond(403, R"({"code":"Forbidden","message":"no"})")});
  LeverRoute route(*rig.session);
  std::string created_id;
  try {
    route.create(TypedRecord(R"({"first_name":"Ada","last_name":"Lovelace","emails":[{"email":"ada@example.com"}],)"
                             R"("tags":["t1"],"job_form_field_answers":[{"group_id":"g1","name":"q1","value":"5"}]})"));
  } catch (const Error& e) {
    created_id = e.created_id();
    CHECK(e.kind() == ErrorKind::Auth);
  }
  CHECK(created_id == "opp1");
  CHECK(rig.transport.count("POST", "/v1/postings/post1/apply") == 1);
}

// ---- a record's own posting (job_id) and its files, checked before anything is sent -------------------

namespace {

std::unique_ptr<LeverSession> session_for(FakeTransport& transport, FakeClock& clock, const std::string& job_id,
                                          ApplicationSource source, std::optional<size_t> expected_records) {
  LeverSettings s;
  s.target.job_id = job_id;
  s.target.source = source;
  s.endpoint.base_url = kBase;
  s.endpoint.credentials = {LeverCredentials::Kind::ApiKey, "secret-key"};
  s.perform_as = "u1";
  s.rate = 0;
  s.expected_records = expected_records;
  return std::make_unique<LeverSession>(
      s, [&transport] { return std::make_unique<ForwardingTransport>(transport); }, clock, nullptr, nullptr);
}

const std::string kAdaOnPost2 =
    R"({"first_name":"Ada","last_name":"Lovelace","emails":[{"email":"ada@example.com"}],"job_id":"post2"})";

}  // namespace

TEST_CASE("a record's job_id: the lead goes to its posting and is looked up there, --job-id or not") {
  for (const std::string run_job_id : {"post1", ""}) {
    CAPTURE(run_job_id);
    FakeTransport transport;
    FakeClock clock;
    auto session = session_for(transport, clock, run_job_id, ApplicationSource::Lead, 1);
    transport.on("GET", "/v1/opportunities", {respond(200, data("[]"))});
    transport.on("POST", "/v1/opportunities", {respond(201, data(kOpportunity))});
    LeverRoute route(*session);
    CHECK_FALSE(route.find_duplicate(TypedRecord(kAdaOnPost2)).has_value());
    route.create(TypedRecord(kAdaOnPost2));
    const auto requests = transport.requests();
    REQUIRE(requests.size() == 2);
    CHECK(requests[0].url == kBase +
                                 "/opportunities?email=ada%40example.com&posting_id=post2&confidentiality=all&"
                                 "limit=100&expand=applications&expand=stage&expand=owner");
    CHECK(requests[1].body ==
          R"({"name":"Ada Lovelace","emails":["ada@example.com"],"postings":["post2"],"origin":"sourced"})");
  }
}

TEST_CASE("without --job-id, a record naming no posting fails alone with pointer /job_id, nothing sent") {
  FakeTransport transport;
  FakeClock clock;
  auto session = session_for(transport, clock, "", ApplicationSource::Lead, 1);
  LeverRoute route(*session);
  try {
    route.create(TypedRecord(kAda));
    FAIL("created without a posting");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::InvalidInput);
    REQUIRE(e.problems().size() == 1);
    CHECK(e.problems()[0].pointer == "/job_id");
    CHECK(std::string(e.what()) == "the record names no posting: it has no job_id and no --job-id was given");
  }
  CHECK_THROWS_AS(route.plan(TypedRecord(kAda)), Error);
  CHECK(transport.size() == 0);
}

TEST_CASE("posting indexes are per posting: the run's is read whole, a record's own posting is looked up first") {
  FakeTransport transport;
  FakeClock clock;
  auto session = session_for(transport, clock, "post1", ApplicationSource::Lead, 100);
  transport.on("GET", "/v1/opportunities", {respond(200, data("[]"))}).repeating();
  LeverRoute route(*session);
  route.find_duplicate(TypedRecord(kAda));         // post1: the posting is read (10 pages at most)
  route.find_duplicate(TypedRecord(kAdaOnPost2));  // post2: how many records name it is unknown: a lookup
  route.find_duplicate(TypedRecord(kAda));         // post1 again: matched in the index, no request
  const auto requests = transport.requests();
  REQUIRE(requests.size() == 2);
  CHECK(requests[0].url.find("posting_id=post1&confidentiality=all&limit=100") != std::string::npos);
  CHECK(requests[1].url.find("email=ada%40example.com&posting_id=post2") != std::string::npos);
  CHECK(session->posting_index("post1").pages_read() == 1);
  CHECK(session->posting_index("post2").pages_read() == 0);
}

TEST_CASE("applicant: each posting's form is fetched once, and the apply goes to the record's posting") {
  char path[] = "/tmp/tc-apply-XXXXXX.pdf";
  const int fd = mkstemps(path, 4);
  REQUIRE(fd >= 0);
  REQUIRE(write(fd, "PDF", 3) == 3);
  close(fd);
  FakeTransport transport;
  FakeClock clock;
  auto session = session_for(transport, clock, "post1", ApplicationSource::Applicant, 3);
  transport.on("GET", "/v1/postings/post1/apply", {respond(200, data(kForm))});
  transport.on("GET", "/v1/postings/post2/apply", {respond(200, data(kForm))});
  transport.on("POST", "/v1/uploads", {respond(200, data(R"({"uri":"https://uploads/cv-uri"})"))}).repeating();
  transport.on("POST", "/v1/postings/", {respond(200, data(R"({"applicationId":"app1"})"))}).repeating();
  transport.on("GET", "/v1/opportunities", {respond(200, data("[" + kOpportunity + "]"))}).repeating();
  transport.on("POST", "/v1/opportunities/opp1/addTags", {respond(200, data(R"({"id":"opp1","tags":["t1"]})"))})
      .repeating();
  transport.on("GET", "/v1/opportunities/opp1/resumes", {respond(200, data("[]"))}).repeating();
  rapidjson::Document on_post2 = doc(applicant(path, "ada@example.com"));
  on_post2.AddMember("job_id", "post2", on_post2.GetAllocator());
  LeverRoute route(*session);
  const TypedRecord typed_on_post2(on_post2);
  route.create(typed_on_post2);
  route.create(TypedRecord(applicant(path, "ada@example.com")));
  route.create(typed_on_post2);
  CHECK(transport.count("GET", "/v1/postings/post1/apply") == 1);
  CHECK(transport.count("GET", "/v1/postings/post2/apply") == 1);
  std::vector<std::string> applies;
  size_t lookups_post1 = 0, lookups_post2 = 0;  // finding each applicant's opportunity, on its posting
  for (const auto& r : transport.requests()) {
    if (r.method == "POST" && r.url.find("/apply") != std::string::npos) applies.push_back(r.url);
    if (r.method == "GET" && r.url.find("/opportunities?email=") != std::string::npos) {
      lookups_post1 += r.url.find("posting_id=post1") != std::string::npos;
      lookups_post2 += r.url.find("posting_id=post2") != std::string::npos;
    }
  }
  CHECK(lookups_post1 == 1);
  CHECK(lookups_post2 == 2);
  CHECK(applies == std::vector<std::string>{kBase + "/postings/post2/apply", kBase + "/postings/post1/apply",
                                            kBase + "/postings/post2/apply"});
  std::remove(path);
}

TEST_CASE("local files are checked before any request: create, dry run and merge alike") {
  const std::string missing = "/nonexistent/tc-rowfiles/cv.pdf";
  const std::string record = R"({"first_name":"Ada","emails":[{"email":"ada@example.com"}],"attachments":[)"
                             R"({"id":"n","file_url":"https://files.example/n.txt"},)"
                             R"({"id":"cv","file_url":"file://)" +
                             missing + R"(","type":"resume"}]})";
  for (const ApplicationSource source : {ApplicationSource::Lead, ApplicationSource::Applicant}) {
    FakeTransport transport;
    FakeClock clock;
    auto session = session_for(transport, clock, "post1", source, 1);
    LeverRoute route(*session);
    std::string message;
    CHECK(create_error(route, record, &message) == ErrorKind::NoInput);
    CHECK(message == "/attachments/1: attachment file " + missing + ": No such file or directory");
    try {
      route.plan(TypedRecord(record));
      FAIL("planned a record whose file is missing");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::NoInput);
      CHECK(e.problems().at(0).pointer == "/attachments/1/file_url");
    }
    CHECK_THROWS_AS(route.merge_into("opp1", TypedRecord(record)), Error);
    CHECK(transport.size() == 0);  // not even the form, the download or the opportunity
  }
}

TEST_CASE("applicant_refusals: owner, followers, origin and created_at given a value, by pointer; empty ones pass") {
  const auto refused = doc(R"({"lever":{"owner":"u1","followers":["u2"],"origin":"referred",)"
                           R"("created_at":"2024-03-01T09:00:00Z","stage":"s1","sources":["x"]}})");
  std::vector<std::string> pointers;
  for (const auto& p : applicant_refusals(read_candidate_record(refused).lever)) pointers.push_back(p.pointer);
  CHECK(pointers == std::vector<std::string>{"/lever/owner", "/lever/followers", "/lever/origin", "/lever/created_at"});

  const auto empty = doc(R"({"lever":{"owner":"","followers":[],"origin":null,"stage":"s1"}})");
  CHECK(applicant_refusals(read_candidate_record(empty).lever).empty());
  CHECK_NOTHROW(refuse_what_an_application_cannot_set(read_candidate_record(empty).lever));

  const auto odd = doc(R"({"lever":{"owner":7}})");  // unvalidated: any value counts as given
  REQUIRE(applicant_refusals(read_candidate_record(odd).lever).size() == 1);
  CHECK_THROWS_AS(refuse_what_an_application_cannot_set(read_candidate_record(odd).lever), Error);
}
