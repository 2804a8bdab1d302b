#include "core/lever/apply_mapping.hpp"
#include "core/input/file_url.hpp"
#include "core/lever/answer_resolver.hpp"
#include "core/model/candidate_record.hpp"
#include "core/util/json_util.hpp"
#include "core/util/strings.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <utility>

namespace tc {

namespace {

struct Attachment {
  std::string id;
  std::string file_name;
  std::string source;  // empty when the attachment has no usable bytes (a problem is reported)
  std::string pointer;
};

// The record's attachments: ids checked, where each one's bytes are, which one is the resume.
struct RecordAttachments {
  std::vector<Attachment> attachments;
  std::string resume_attachment_id;
  std::vector<Problem> problems;
};

class AttachmentReader {
 public:
  explicit AttachmentReader(const CandidateRecord& record) : record_(record) {}

  RecordAttachments run() {
    read_attachments();
    r_.resume_attachment_id = resume_attachment_id_;
    return std::move(r_);
  }

 private:
  const CandidateRecord& record_;
  RecordAttachments r_;
  std::string resume_attachment_id_;

  void add(std::string pointer, std::string message) {
    r_.problems.push_back({std::move(pointer), std::move(message)});
  }

  void read_attachments() {
    std::set<std::string> seen;
    for (const tc::Attachment& a : record_.attachments) {
      const std::string& pointer = a.pointer;
      Attachment att;
      att.id = a.id;
      att.pointer = pointer;
      if (att.id.empty()) {
        add(pointer + "/id", "attachment needs an id (any text unique within the record)");
        continue;
      }
      if (!seen.insert(att.id).second) {
        add(pointer + "/id", "attachment id \"" + att.id + "\" is used twice; give each attachment its own id");
        continue;
      }
      FileUrlReading reading = read_file_url(a.file_url, pointer);
      if (reading.problem) add(reading.problem->pointer, reading.problem->message);
      att.source = reading.problem ? std::string() : std::move(reading.source.location);
      att.file_name = a.file_name;
      if (att.file_name.empty() && !reading.problem) att.file_name = std::move(reading.source.file_name);
      if (att.file_name.empty()) att.file_name = att.id;
      if (a.is_resume()) {
        if (resume_attachment_id_.empty()) {
          resume_attachment_id_ = att.id;
        } else {
          add(pointer + "/type", "only one attachment can be the resume (\"" + resume_attachment_id_ +
                                     "\" already is); remove \"type\": \"resume\" from this one");
        }
      }
      r_.attachments.push_back(std::move(att));
    }
  }
};

// Everything plan_apply and build_apply_body share: the steps of answer_resolver.hpp over one record.
struct Resolution {
  RecordAttachments read;
  FormValues values;
  std::vector<std::string> leftover_tags;
  std::vector<std::string> leftover_links;
  std::vector<std::string> carried_attachment_ids;  // in order of first use in the body
};

Resolution resolve(const CandidateRecord& record, const JobForm& form) {
  Resolution r{AttachmentReader(record).run(), FormValues(form), {}, {}, {}};
  r.values.problems = std::move(r.read.problems);
  std::vector<std::string> attachment_ids;
  for (const auto& att : r.read.attachments) attachment_ids.push_back(att.id);
  place_personal_information(form, record, r.values);
  place_resume(form, r.read.resume_attachment_id, r.values);
  place_answers(form, record, attachment_ids, r.values);
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
    for (const auto& att : r.read.attachments) {
      if (att.id == id && !att.source.empty()) plan.uploads.push_back({att.id, att.file_name, att.source, att.pointer});
    }
  }
  for (const auto& att : r.read.attachments) {
    if (std::find(carried.begin(), carried.end(), att.id) == carried.end()) {
      plan.leftover_attachment_ids.push_back(att.id);
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
