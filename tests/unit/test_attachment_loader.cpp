// Attachment bytes: local files and downloads (https, http on loopback), the 30 MB cap, redirects
// re-checked at every hop, and no credentials on downloads.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/input/attachment_loader.hpp"
#include "core/util/error.hpp"
#include "tests/unit/fakes.hpp"

using namespace tc;
using namespace tc::test;

namespace {

ErrorKind kind_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.kind();
  }
  return ErrorKind::Internal;  // nothing thrown: callers expect a specific kind
}

}  // namespace

TEST_CASE("a download carries no credentials and keeps its content type") {
  FakeTransport transport;
  transport.on("GET", "/files/cv.pdf",
               {respond(200, "PDFBYTES", {{"Content-Type", "application/pdf; charset=binary"}})});
  const LoadedFile file =
      load_attachment("https://cdn.example.com/files/cv.pdf?sig=1", "", transport, "/attachments/0");
  CHECK(file.bytes == "PDFBYTES");
  CHECK(file.file_name == "cv.pdf");
  CHECK(file.content_type == "application/pdf");
  const auto requests = transport.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].method == "GET");
  CHECK(requests[0].headers.empty());
}

TEST_CASE("a relative redirect stays on the same origin, port included") {
  FakeTransport transport;
  transport.on("GET", "/a", {respond(302, "", {{"Location", "/b"}})});
  transport.on("GET", "/b", {respond(200, "ok")});
  const LoadedFile file = load_attachment("http://127.0.0.1:8081/a", "x.txt", transport, "/attachments/0");
  CHECK(file.bytes == "ok");
  const auto requests = transport.requests();
  REQUIRE(requests.size() == 2);
  CHECK(requests[1].url == "http://127.0.0.1:8081/b");
}

TEST_CASE("a redirect is resolved as RFC 3986 says, and libcurl's own spelling of the URL is requested") {
  FakeTransport transport;
  transport.on("GET", "/dir/a", {respond(302, "", {{"Location", "c%20v.pdf"}})});
  transport.on("GET", "/dir/c%20v.pdf", {respond(200, "ok")});
  const LoadedFile file = load_attachment("http://0x7f000001:8081/dir/a", "", transport, "/attachments/0");
  CHECK(file.bytes == "ok");
  CHECK(file.file_name == "c v.pdf");  // the last segment, decoded
  const auto requests = transport.requests();
  REQUIRE(requests.size() == 2);
  CHECK(requests[0].url == "http://127.0.0.1:8081/dir/a");
  CHECK(requests[1].url == "http://127.0.0.1:8081/dir/c%20v.pdf");
}

TEST_CASE("redirects are bounded and re-checked") {
  SUBCASE("more than 5") {
    FakeTransport transport;
    transport.on("GET", "/loop", {respond(302, "", {{"Location", "/loop"}})}).repeating();
    CHECK(kind_of([&] { load_attachment("https://h.example/loop", "", transport, "/attachments/0"); }) ==
          ErrorKind::InvalidInput);
    CHECK(transport.requests().size() == 6);
  }
  SUBCASE("to plain http off loopback") {
    FakeTransport transport;
    transport.on("GET", "/a", {respond(301, "", {{"Location", "http://evil.example/cv.pdf"}})});
    CHECK(kind_of([&] { load_attachment("https://h.example/a", "", transport, "/attachments/0"); }) ==
          ErrorKind::InvalidInput);
    CHECK(transport.requests().size() == 1);  // the refused hop is never requested
  }
  SUBCASE("to loopback with user information") {
    FakeTransport transport;
    transport.on("GET", "/a", {respond(301, "", {{"Location", "http://evil.example@127.0.0.1/cv.pdf"}})});
    try {
      load_attachment("https://h.example/a", "", transport, "/attachments/0");
      FAIL("accepted");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::InvalidInput);
      CHECK(std::string(e.what()) ==
            "/attachments/0/file_url: downloading is refused: a URL with user information (user@127.0.0.1) is refused");
    }
    CHECK(transport.requests().size() == 1);
  }
  SUBCASE("to something libcurl and RFC 3986 read differently") {
    FakeTransport transport;
    transport.on("GET", "/a", {respond(301, "", {{"Location", "http:/127.0.0.1/cv.pdf"}})});
    CHECK(kind_of([&] { load_attachment("https://h.example/a", "", transport, "/attachments/0"); }) ==
          ErrorKind::InvalidInput);
    CHECK(transport.requests().size() == 1);
  }
}

TEST_CASE("refused before any request: plain http off loopback, other schemes") {
  FakeTransport transport;
  CHECK(kind_of([&] { load_attachment("http://example.com/cv.pdf", "", transport, "/a"); }) == ErrorKind::InvalidInput);
  CHECK(kind_of([&] { load_attachment("ftp://127.0.0.1/cv.pdf", "", transport, "/a"); }) == ErrorKind::InvalidInput);
  CHECK(kind_of([&] { load_attachment("http://127.0.0.1@evil.example/", "", transport, "/a"); }) ==
        ErrorKind::InvalidInput);
  CHECK(kind_of([&] { load_attachment("http://[::ffff:127.0.0.1]/", "", transport, "/a"); }) ==
        ErrorKind::InvalidInput);
  CHECK(kind_of([&] { load_attachment("cv.pdf", "", transport, "/a"); }) == ErrorKind::InvalidInput);
  CHECK(transport.requests().empty());
}

TEST_CASE("downloads over 30 MB and failed downloads") {
  FakeTransport transport;
  transport.on("GET", "/big", {respond(200, std::string(kMaxAttachmentBytes + 1, 'x'))});
  transport.on("GET", "/gone", {respond(404)});
  transport.on("GET", "/down", {not_sent()});
  CHECK(kind_of([&] { load_attachment("https://h.example/big", "", transport, "/a"); }) == ErrorKind::InvalidInput);
  CHECK(kind_of([&] { load_attachment("https://h.example/gone", "", transport, "/a"); }) == ErrorKind::InvalidInput);
  CHECK(kind_of([&] { load_attachment("https://h.example/down", "", transport, "/a"); }) == ErrorKind::Unavailable);
}

TEST_CASE("a download answered with a web page (a share link) is refused, unless the file is named *.html") {
  FakeTransport transport;
  transport.on("GET", "/file/d/1AbC/view",
               {respond(200, "<html>Sign in</html>", {{"Content-Type", "text/html; charset=utf-8"}})});
  transport.on("GET", "/cv.html", {respond(200, "<html>CV</html>", {{"Content-Type", "text/html"}})});
  try {
    load_attachment("https://drive.example/file/d/1AbC/view", "", transport, "/attachments/0");
    FAIL("a web page was taken for a file");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::InvalidInput);
    CHECK(
        std::string(e.what()) ==
        "/attachments/0/file_url: https://drive.example/file/d/1AbC/view answered a web page (text/html), not a file");
  }
  CHECK(load_attachment("https://h.example/cv.html", "", transport, "/a").content_type == "text/html");
}

TEST_CASE("local files: read, missing, directory") {
  char name[] = "/tmp/tc-attach-XXXXXX";
  const int fd = ::mkstemp(name);
  REQUIRE(fd >= 0);
  ::close(fd);
  std::ofstream(name) << "hello";
  FakeTransport transport;
  const LoadedFile file = load_attachment(name, "notes.txt", transport, "/attachments/1");
  CHECK(file.bytes == "hello");
  CHECK(file.file_name == "notes.txt");
  CHECK(file.content_type == "text/plain");
  std::remove(name);
  CHECK(kind_of([&] { load_attachment(name, "", transport, "/a"); }) == ErrorKind::NoInput);
  CHECK(kind_of([&] { load_attachment("/tmp", "", transport, "/a"); }) == ErrorKind::NoInput);
  CHECK(transport.requests().empty());
}

TEST_CASE("a local path is any absolute path, even one that looks like a URL") {
  char dir[] = "/tmp/tc-attach-dir-XXXXXX";
  REQUIRE(::mkdtemp(dir) != nullptr);
  const std::string sub = std::string(dir) + "/https:";
  REQUIRE(::mkdir(sub.c_str(), 0700) == 0);
  const std::string path = sub + "//notes?#.txt";  // ".../https://notes?#.txt": "//" is one separator
  std::ofstream(path) << "local";
  FakeTransport transport;
  const LoadedFile file = load_attachment(path, "", transport, "/attachments/0");
  CHECK(file.bytes == "local");
  CHECK(file.file_name == "notes?#.txt");  // a local name keeps '?' and '#'
  CHECK(transport.requests().empty());
  std::remove(path.c_str());
  ::rmdir(sub.c_str());
  ::rmdir(dir);
}

namespace {

// A temporary folder removed with everything in it.
struct TempFolder {
  std::string path;
  TempFolder() {
    char name[] = "/tmp/tc-check-XXXXXX";
    REQUIRE(::mkdtemp(name) != nullptr);
    path = name;
  }
  ~TempFolder() { std::filesystem::remove_all(path); }
  std::string write(const std::string& name, const std::string& bytes) const {
    const std::string file = path + "/" + name;
    std::ofstream(file, std::ios::binary) << bytes;
    return file;
  }
};

// The error check_local_attachment throws, or an Internal one saying nothing was thrown.
Error check_error(const std::string& path, const std::string& file_name, bool is_resume) {
  try {
    check_local_attachment(path, file_name, is_resume, "/attachments/0");
  } catch (const Error& e) {
    return e;
  }
  return Error(ErrorKind::Internal, "nothing thrown");
}

}  // namespace

TEST_CASE("check_local_attachment: missing, a folder, unreadable and too large fail with the path and the pointer") {
  TempFolder folder;
  const std::string missing = folder.path + "/nope.pdf";
  const Error gone = check_error(missing, "", true);
  CHECK(gone.kind() == ErrorKind::NoInput);
  CHECK(std::string(gone.what()) == "/attachments/0: attachment file " + missing + ": No such file or directory");
  REQUIRE(gone.problems().size() == 1);
  CHECK(gone.problems()[0].pointer == "/attachments/0/file_url");
  CHECK(gone.problems()[0].message == "attachment file " + missing + ": No such file or directory");

  const Error folder_error = check_error(folder.path, "", false);
  CHECK(folder_error.kind() == ErrorKind::NoInput);
  CHECK(std::string(folder_error.what()).find("is not a regular file") != std::string::npos);

  const std::string big = folder.path + "/big.pdf";
  {
    std::ofstream out(big, std::ios::binary);
    out.seekp(static_cast<std::streamoff>(kMaxAttachmentBytes));  // one byte over: a sparse file
    out.put('x');
  }
  const Error too_large = check_error(big, "", true);
  CHECK(too_large.kind() == ErrorKind::InvalidInput);
  CHECK(std::string(too_large.what()).find(big + " is 31457281 bytes; Lever accepts at most 30 MB") !=
        std::string::npos);
  CHECK(too_large.problems().at(0).pointer == "/attachments/0/file_url");

  const std::string locked = folder.write("locked.pdf", "x");
  ::chmod(locked.c_str(), 0);
  if (::access(locked.c_str(), R_OK) != 0) {  // root reads anything: nothing to check then
    const Error unreadable = check_error(locked, "", true);
    CHECK(unreadable.kind() == ErrorKind::NoInput);
    CHECK(std::string(unreadable.what()) == "/attachments/0: cannot read attachment " + locked + ": Permission denied");
  }
}

TEST_CASE("check_local_attachment: a résumé must be of a type Lever reads; another attachment may be anything") {
  TempFolder folder;
  const std::string zip = folder.write("ada.zip", "PK");
  const Error refused = check_error(zip, "", true);
  CHECK(refused.kind() == ErrorKind::InvalidInput);
  CHECK(std::string(refused.what()).find("the résumé " + zip + " is not of a type Lever reads (\"ada.zip\")") !=
        std::string::npos);
  CHECK(refused.problems().at(0).pointer == "/attachments/0/file_url");
  CHECK(check_error(zip, "", false).kind() == ErrorKind::Internal);        // as a file: fine
  CHECK(check_error(zip, "ada.PDF", true).kind() == ErrorKind::Internal);  // sent under a PDF name: fine
  CHECK(check_error(folder.write("cv.DOCX", "d"), "", true).kind() == ErrorKind::Internal);
  CHECK(is_supported_resume_name("cv.pdf"));
  CHECK(is_supported_resume_name("scan.JPEG"));
  CHECK_FALSE(is_supported_resume_name("cv"));
  CHECK_FALSE(is_supported_resume_name("cv.pages"));
}

TEST_CASE("load_attachment of a missing local file carries the file_url problem too") {
  FakeTransport transport;
  try {
    load_attachment("/nonexistent/tc/cv.pdf", "", transport, "/attachments/2");
    FAIL("read a missing file");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::NoInput);
    REQUIRE(e.problems().size() == 1);
    CHECK(e.problems()[0].pointer == "/attachments/2/file_url");
    CHECK(e.problems()[0].message.find("/nonexistent/tc/cv.pdf") != std::string::npos);
  }
}
