#include "core/lever/apply_mapping.hpp"
#include "core/input/attachment_to_send.hpp"
#include "core/lever/answer_resolver.hpp"
#include "core/model/candidate_record.hpp"
#include "core/util/json_util.hpp"
#include "core/util/strings.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>
#include <utility>

namespace tc {

namespace {

// The record's attachments: ids checked, where each one's bytes are, which one is the resume.
struct RecordAttachments {
  std::vector<std::string> ids;           // every attachment with an id of its own (answers may name them)
  std::vector<AttachmentToSend> to_send;  // those whose bytes can be sent, in record order
  std::string resume_attachment_id;
  std::vector<Problem> problems;
};

RecordAttachments read_attachments(const CandidateRecord& record) {
  RecordAttachments r;
  std::set<std::string> seen;
  for (const Attachment& a : record.attachments) {
    if (a.id.empty()) {
      r.problems.push_back({a.pointer + "/id", "attachment needs an id (any text unique within the record)"});
      continue;
    }
    if (!seen.insert(a.id).second) {
      r.problems.push_back(
          {a.pointer + "/id", "attachment id \"" + a.id + "\" is used twice; give each attachment its own id"});
      continue;
    }
    r.ids.push_back(a.id);
    std::optional<AttachmentToSend> to_send = attachment_to_send(a, r.problems);
    if (a.is_resume()) {
      if (r.resume_attachment_id.empty()) {
        r.resume_attachment_id = a.id;
      } else {
        r.problems.push_back({a.pointer + "/type", "only one attachment can be the resume (\"" +
                                                       r.resume_attachment_id +
                                                       "\" already is); remove \"type\": \"resume\" from this one"});
      }
    }
    if (to_send) r.to_send.push_back(std::move(*to_send));
  }
  return r;
}

// Everything plan_apply and build_apply_body share: the steps of answer_resolver.hpp over one record.
struct Resolution {
  RecordAttachments read;
  FormValues values;
  std::vector<std::string> leftover_tags;
  std::vector<std::string> leftover_links;
  std::vector<std::string> carried_attachment_ids;  // in order of first use in the body
};

Resolution resolve(const CandidateRecord& record, const JobForm& form) {
  Resolution r{read_attachments(record), FormValues(form), {}, {}, {}};
  r.values.problems = std::move(r.read.problems);
  place_personal_information(form, record, r.values);
  place_resume(form, r.read.resume_attachment_id, r.values);
  place_answers(form, record, r.read.ids, r.values);
  r.leftover_links = place_links(form, record, r.values);
  check_applicant(form, record, r.values);
  r.leftover_tags = record_tags(record);
  r.carried_attachment_ids = carried_attachments(r.values);
  return r;
}

}  // namespace

ApplyPlan plan_apply(const CandidateRecord& record, const JobForm& form) {
  Resolution r = resolve(record, form);
  ApplyPlan plan;
  plan.problems = std::move(r.values.problems);
  plan.leftover_tags = std::move(r.leftover_tags);
  plan.leftover_links = std::move(r.leftover_links);
  const std::vector<std::string>& carried = r.carried_attachment_ids;
  for (const auto& id : carried) {
    for (const auto& att : r.read.to_send) {
      if (att.attachment.id == id) plan.uploads.push_back(att);
    }
  }
  for (auto& att : r.read.to_send) {
    if (std::find(carried.begin(), carried.end(), att.attachment.id) == carried.end()) {
      plan.leftover_attachments.push_back(std::move(att));
    }
  }
  return plan;
}

rapidjson::Document build_apply_body(const CandidateRecord& record, const JobForm& form,
                                     const std::map<std::string, std::string>& upload_uris) {
  Resolution r = resolve(record, form);
  if (!r.values.problems.empty()) {
    throw Error(ErrorKind::InvalidInput, "the record does not fit the posting's application form",
                std::move(r.values.problems));
  }
  return apply_body(form, r.values, upload_uris, record);
}

}  // namespace tc
