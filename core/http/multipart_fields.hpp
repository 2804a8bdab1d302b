#pragma once
// JSON body → multipart/form-data text parts, in the field syntax Lever documents for
// POST /opportunities (docs/lever-contract.md §2): arrays as "key[]", array items that are
// objects as "key[i][sub]", nested objects as "key[sub]". File parts are added by the caller.
#include <rapidjson/document.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/http/http.hpp"

namespace tc {

// Flattens the members of a JSON object into text parts, in member order:
//   "name": "Ada"                      → name=Ada
//   "emails": ["a@x", "b@x"]           → emails[]=a@x, emails[]=b@x
//   "phones": [{"value":"1","type":"work"}] → phones[0][value]=1, phones[0][type]=work
//   "archived": {"reason":"r"}          → archived[reason]=r
//   numbers and booleans                → their JSON text ("1407460071043", "true")
// null values and empty arrays/objects produce no part. A body that is not an object gives no parts.
std::vector<FormPart> multipart_fields(const rapidjson::Value& body);

// MIME type for a file part, from the file name's extension (case-insensitive): pdf, doc, docx,
// txt, rtf, odt, html, png, jpg/jpeg, gif; anything else is "application/octet-stream".
std::string content_type_for_file_name(std::string_view file_name);

}  // namespace tc
