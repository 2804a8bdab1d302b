// Fixed seed data. The product's end-to-end tests rely on these ids and texts exactly.
#include "seed_data.hpp"

namespace tc::sandbox {

std::vector<User> seed_users() {
  return {
      {"8d49b010-cc6a-4f40-ace5-e86061c677ed", "Riley Recruiter", "riley", "riley@example.com", "admin"},
      {"df0adaa6-172c-4cd6-8520-49b203660fe1", "Sam Sourcer", "sam", "sam@example.com", "team member"},
      {"3c7a4e21-5b8d-4f60-9e12-7a0b9c1d2e34", "Kim Hiring-Manager", "kim", "kim@example.com", "team member"},
      {"9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4", "Alex Interviewer", "alex", "Alex.Interviewer@example.com",
       "interviewer"},
  };
}

std::vector<Stage> seed_stages() {
  return {
      {"lead-new", "New lead"},
      {"lead-reached-out", "Reached out"},
      {"applicant-new", "New applicant"},
      {"00922a60-7c15-422b-b086-f62000824fd7", "Phone screen"},
      {"6f5e4d3c-2b1a-4098-8776-655443322110", "On-site"},
      {"offer", "Offer"},
  };
}

std::vector<ArchiveReason> seed_archive_reasons() {
  return {
      {"63dd55b2-a99f-4e7b-985f-22c7bf80ab42", "Hired", "active", "hired"},
      {"d35867b1-f661-4ec2-b477-b3e6524cc8b6", "Withdrew", "active", "non-hired"},
      {"a80bbbe0-d4dd-4eac-bdbf-302345414f93", "Underqualified", "active", "non-hired"},
  };
}

namespace {

const char* published_form() {
  return R"JSON({
  "id": "5f1e6a8c-1c2b-4d3e-9f00-0000000000a1",
  "text": "Software Engineer",
  "customQuestions": [
    {"id": "c0ffee00-0000-4000-8000-000000000001", "text": "Screening", "fields": [
      {"description": "", "required": true, "text": "How did you hear about us?", "type": "dropdown",
       "id": "a1b2c3d4-0000-4000-8000-000000000011",
       "options": [{"text": "Referral"}, {"text": "Job board"}, {"text": "Conference"}], "value": null},
      {"description": "", "required": true, "text": "Years of experience", "type": "text",
       "id": "a1b2c3d4-0000-4000-8000-000000000012", "value": null},
      {"description": "", "required": false, "text": "Languages", "type": "multiple-select",
       "id": "a1b2c3d4-0000-4000-8000-000000000013",
       "options": [{"text": "C++"}, {"text": "Rust"}, {"text": "Go"}, {"text": "Python"}], "value": []},
      {"description": "", "required": false, "text": "Anything else?", "type": "textarea",
       "id": "a1b2c3d4-0000-4000-8000-000000000014", "value": null},
      {"description": "", "required": false, "text": "Cover letter", "type": "file-upload",
       "id": "a1b2c3d4-0000-4000-8000-000000000015", "value": null}
    ]},
    {"id": "c0ffee00-0000-4000-8000-000000000002", "text": "Logistics", "fields": [
      {"description": "", "required": false, "text": "Willing to relocate?", "type": "multiple-choice",
       "id": "a1b2c3d4-0000-4000-8000-000000000021",
       "options": [{"text": "Yes"}, {"text": "No"}], "value": null}
    ]}
  ],
  "eeoQuestions": {
    "gender": {"description": null, "required": false, "text": "Gender", "type": "dropdown", "prompt": "Gender",
      "options": [{"text": "Female", "optionId": "Female"}, {"text": "Male", "optionId": "Male"},
                  {"text": "Decline to self-identify", "optionId": "Decline to self-identify"}], "value": null},
    "race": {"description": null, "required": false, "text": "Race", "type": "dropdown", "prompt": "Race",
      "options": [{"text": "Hispanic or Latino", "optionId": "Hispanic or Latino"},
                  {"text": "Two or More Races", "optionId": "Two or More Races"},
                  {"text": "Decline to self-identify", "optionId": "Decline to self-identify"}], "value": null},
    "veteran": {"description": null, "required": false, "text": "Veteran status", "type": "dropdown", "prompt": "Veteran status",
      "options": [{"text": "I am a Protected Veteran", "optionId": "I am a Protected Veteran"},
                  {"text": "I am not a Protected Veteran", "optionId": "I am not a Protected Veteran"},
                  {"text": "Decline to self-identify", "optionId": "Decline to self-identify"}], "value": null},
    "disability": {"description": null, "required": false, "text": "Voluntary self-identification of disability", "type": "dropdown",
      "prompt": "Disability",
      "options": [{"text": "Yes, I have a disability, or have a history/record of having a disability", "optionId": "Yes"},
                  {"text": "No, I don't have a disability, or a history/record of having a disability", "optionId": "No"},
                  {"text": "I don't wish to answer", "optionId": "Decline"}], "value": null}
  },
  "personalInformation": [
    {"text": "Full name", "name": "fullName", "type": "text", "required": true, "value": null},
    {"text": "Email", "name": "email", "type": "text", "required": true, "value": null},
    {"text": "Current company", "name": "currentCompany", "type": "text", "required": false, "value": null},
    {"text": "Current location", "name": "currentLocation", "type": "text", "required": true, "value": null},
    {"text": "Phone", "name": "phone", "type": "text", "required": false, "value": null},
    {"text": "Resume", "name": "resume", "type": "file-upload", "required": false, "value": null},
    {"text": "Additional information", "name": "additionalInformation", "type": "textarea", "required": false, "value": null}
  ],
  "urls": [
    {"text": "LinkedIn", "name": "LinkedIn", "type": "text", "required": false, "value": null},
    {"text": "GitHub", "name": "GitHub", "type": "text", "required": false, "value": null},
    {"text": "Other Website", "name": "Other Website", "type": "text", "required": false, "value": null}
  ]
})JSON";
}

const char* closed_form() {
  return R"JSON({
  "id": "5f1e6a8c-1c2b-4d3e-9f00-0000000000c1",
  "text": "Old Role",
  "customQuestions": [],
  "eeoQuestions": {},
  "personalInformation": [
    {"text": "Full name", "name": "fullName", "type": "text", "required": true, "value": null},
    {"text": "Email", "name": "email", "type": "text", "required": true, "value": null}
  ],
  "urls": []
})JSON";
}

// The confidential posting (an executive search) asks the published posting's questions, so the same
// answers apply to both.
std::string confidential_form() {
  std::string form = published_form();
  const std::string published_head = R"("id": "5f1e6a8c-1c2b-4d3e-9f00-0000000000a1",
  "text": "Software Engineer",)";
  form.replace(form.find(published_head), published_head.size(), R"("id": "5f1e6a8c-1c2b-4d3e-9f00-0000000000d1",
  "text": "Head of Engineering",)");
  return form;
}

}  // namespace

std::vector<Posting> seed_postings() {
  return {
      {"5f1e6a8c-1c2b-4d3e-9f00-0000000000a1", "Software Engineer", "published", published_form()},
      {"5f1e6a8c-1c2b-4d3e-9f00-0000000000c1", "Old Role", "closed", closed_form()},
      {"5f1e6a8c-1c2b-4d3e-9f00-0000000000d1", "Head of Engineering", "published", confidential_form(), "confidential"},
  };
}

}  // namespace tc::sandbox
