#include "confidentiality.hpp"

namespace tc::sandbox {

std::optional<ConfidentialityFilter> read_confidentiality(const httplib::Request& request) {
  if (!request.has_param("confidentiality")) return ConfidentialityFilter::non_confidential;
  const std::string value = request.get_param_value("confidentiality");
  if (value == "non-confidential") return ConfidentialityFilter::non_confidential;
  if (value == "confidential") return ConfidentialityFilter::confidential;
  if (value == "all") return ConfidentialityFilter::all;
  return std::nullopt;
}

bool filter_shows(ConfidentialityFilter filter, bool confidential) {
  switch (filter) {
    case ConfidentialityFilter::all: return true;
    case ConfidentialityFilter::confidential: return confidential;
    case ConfidentialityFilter::non_confidential: break;
  }
  return !confidential;
}

Reply bad_confidentiality() {
  return lever_error(400, "BadRequestError", "confidentiality must be one of confidential, non-confidential, all");
}

Reply no_confidential_access() {
  return lever_error(403, "ForbiddenError", "This API key does not have access to confidential data");
}

std::optional<Reply> refuse_confidential(const httplib::Request& request, State& state,
                                         const std::vector<std::string>& path) {
  std::lock_guard<std::mutex> lock(state.mutex);
  if (state.confidential_access || path.size() < 2) return std::nullopt;
  const std::string& collection = path[1];
  if (collection != "opportunities" && collection != "postings") return std::nullopt;
  if (path.size() == 2) {
    const auto filter = read_confidentiality(request);
    if (request.method == "GET" && filter && *filter != ConfidentialityFilter::non_confidential)
      return no_confidential_access();
    return std::nullopt;  // a create on a confidential posting is refused where its body is read
  }
  if (collection == "opportunities") {
    const Opportunity* opportunity = state.find_opportunity(path[2]);
    if (opportunity && opportunity->confidential) return no_confidential_access();
  } else {
    const Posting* posting = state.find_posting(path[2]);
    if (posting && posting->confidentiality == "confidential") return no_confidential_access();
  }
  return std::nullopt;
}

}  // namespace tc::sandbox
