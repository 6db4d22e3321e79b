/** @file db_dump.cpp
 *  @brief dateline-db-dump: everything a Xapian database holds per document
 *  (terms with wdf and positions, values, data), its spelling words with
 *  their frequencies and its user metadata, as text in a canonical order, so
 *  that two builds of the same files can be compared with diff (#15.5: a
 *  change to the indexer's cost must not change the database).
 *
 *  Documents are listed by their unique (Q) term, not by document id, so two
 *  builds that numbered the documents differently still compare equal when
 *  they hold the same documents. Bytes outside printable ASCII are escaped.
 *  A developer tool, like dateline-xapian-floor: built, not installed.
 *
 *  Usage: dateline-db-dump DB [--no-metadata]
 */
#include <xapian.h>

#include <cstdio>
#include <iostream>
#include <map>
#include <string>
#include <string_view>

namespace {

std::string escaped(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (const char c : bytes) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7f && c != '\\') {
      out += c;
    } else {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\x%02x", u);
      out += buffer;
    }
  }
  return out;
}

std::string unique_term(const Xapian::Document& doc) {
  auto it = doc.termlist_begin();
  it.skip_to("Q");
  if (it != doc.termlist_end() && (*it).starts_with("Q")) return *it;
  return "#" + std::to_string(doc.get_docid());
}

std::string describe(const Xapian::Document& doc) {
  std::string out;
  for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
    out += "  term " + escaped(*it) + " wdf " + std::to_string(it.get_wdf());
    for (auto pos = it.positionlist_begin(); pos != it.positionlist_end(); ++pos) out += " " + std::to_string(*pos);
    out += '\n';
  }
  for (auto it = doc.values_begin(); it != doc.values_end(); ++it) {
    out += "  value " + std::to_string(it.get_valueno()) + " " + escaped(*it) + '\n';
  }
  out += "  data " + escaped(doc.get_data()) + '\n';
  return out;
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3 || (argc == 3 && std::string_view(argv[2]) != "--no-metadata")) {
    std::cerr << "usage: dateline-db-dump DB [--no-metadata]\n";
    return 2;
  }
  try {
    const Xapian::Database db(argv[1]);
    std::map<std::string, std::string> documents;
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
      const Xapian::Document doc = db.get_document(*it);
      documents.emplace(unique_term(doc), describe(doc));
    }
    std::cout << "documents " << db.get_doccount() << '\n';
    for (const auto& [key, text] : documents) std::cout << "document " << escaped(key) << '\n' << text;
    for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it) {
      std::cout << "spelling " << escaped(*it) << ' ' << it.get_termfreq() << '\n';
    }
    if (argc == 2) {
      for (auto it = db.metadata_keys_begin(); it != db.metadata_keys_end(); ++it) {
        std::cout << "metadata " << escaped(*it) << ' ' << escaped(db.get_metadata(*it)) << '\n';
      }
    }
  } catch (const Xapian::Error& e) {
    std::cerr << "dateline-db-dump: " << argv[1] << ": " << e.get_description() << '\n';
    return 1;
  }
  return 0;
}
