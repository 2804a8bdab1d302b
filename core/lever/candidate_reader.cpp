#include "core/lever/candidate_reader.hpp"

#include <fmt/format.h>

#include <utility>
#include <variant>

#include "core/lever/api.hpp"
#include "core/lever/candidate_mapping.hpp"
#include "core/lever/not_found.hpp"
#include "core/util/error.hpp"
#include "core/util/strings.hpp"

namespace tc {

namespace {

// The opportunity, or a 404 read by what Lever says: the id is unknown, or the path is.
rapidjson::Document read_opportunity(LeverApi& api, const std::string& id) {
  auto read = get_or_not_found(api, "/opportunities/" + url_encode(id), kOpportunityExpand);
  if (auto* opportunity = std::get_if<rapidjson::Document>(&read)) return std::move(*opportunity);
  const NotFound& nf = std::get<NotFound>(read);
  if (nf.says_unknown_path()) {
    throw Error(ErrorKind::Config, fmt::format("the base URL does not serve {} ({})", nf.request, nf.said()),
                check_lever_url_hint())
        .with_http_status(404);
  }
  // Any other 404 of this path is about the opportunity, whatever the wording.
  throw Error(ErrorKind::InvalidInput, fmt::format("Lever has no opportunity {} ({})", id, nf.said()),
              "give the id that create printed (the candidate's \"id\"), and ask the Lever that created it "
              "(--sandbox, --lever-url)")
      .with_http_status(404);
}

}  // namespace

rapidjson::Document read_lever_candidate(LeverApi& api, const std::string& opportunity_id) {
  const std::string id(trim(opportunity_id));
  if (id.empty()) throw Error(ErrorKind::Usage, "no opportunity id given", "usage: truto-candidates get ID");
  const rapidjson::Document opportunity = read_opportunity(api, id);
  const std::string base = "/opportunities/" + url_encode(id);
  const rapidjson::Document resumes = api.get(base + "/resumes", {});
  const rapidjson::Document files = api.get(base + "/files", {});
  return candidate_from_opportunity(opportunity, &resumes, &files);
}

}  // namespace tc
