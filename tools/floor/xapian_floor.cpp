/** @file xapian_floor.cpp
 *  @brief The plain-Xapian floor of a first build (#15.5): what indexing the
 *  same article files costs with nothing but Xapian::TermGenerator.
 *
 *  Usage: dateline-xapian-floor --db DB [--commit-every N] DIR
 *
 *  Every `*.txt` file below DIR (sorted walk) becomes one document the way a
 *  minimal Omega-style indexer would write it: the title under S and
 *  unprefixed, the body after a gap of 100 positions, Xapian's default
 *  stemming (STEM_SOME, English: Z terms), a Q term for the path, D/M/Y date
 *  terms and the date in value slot 0, and the same stored data as Dateline
 *  (path, root, title, date and the whole body as "key=value" lines). It
 *  commits every N documents (default 1000, dateline-index's --commit-every)
 *  with Xapian's default durability. No spelling data, no change-detection
 *  values, no near-duplicate signature, no ICU: the difference to
 *  dateline-index is what Dateline adds. The article parsing is a minimal
 *  reading of corpus/README.md (a header block up to the first blank line, or
 *  a `date` line and a title line), enough for converted Reuters.
 *
 *  A developer tool for scripts/bench --floor; not installed, no Dateline code.
 */
#include <xapian.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct Parsed {
  std::string title;
  std::string date;  ///< YYYYMMDD or ""
  std::string body;
};

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())) != 0) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())) != 0) s.remove_suffix(1);
  return std::string(s);
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

/// "YYYY-MM-DD..." -> "YYYYMMDD"; "" otherwise (RFC 2822 dates are skipped: a floor needs no calendar).
std::string iso_compact(std::string_view value) {
  if (value.size() < 10 || value[4] != '-' || value[7] != '-') return {};
  std::string out;
  for (const std::size_t i : {0U, 1U, 2U, 3U, 5U, 6U, 8U, 9U}) {
    if (std::isdigit(static_cast<unsigned char>(value[i])) == 0) return {};
    out += value[i];
  }
  return out;
}

Parsed parse(const std::string& text) {
  Parsed out;
  std::istringstream in(text);
  std::string line;
  std::size_t consumed = 0;
  bool header = false;
  while (std::getline(in, line)) {
    consumed += line.size() + 1;
    const std::string t = trim(line);
    if (t.empty()) {
      if (header) break;
      continue;
    }
    const auto colon = t.find(':');
    if (colon != std::string::npos && colon < 16) {
      header = true;
      const std::string key = lower(trim(std::string_view(t).substr(0, colon)));
      const std::string value = trim(std::string_view(t).substr(colon + 1));
      if (key == "title") out.title = value;
      if (key == "date") out.date = iso_compact(value);
      continue;
    }
    if (!header && lower(t.substr(0, 4)) == "date") {
      out.date = iso_compact(trim(std::string_view(t).substr(4)));
      if (std::getline(in, line)) {
        consumed += line.size() + 1;
        out.title = trim(line);
      }
      break;
    }
    consumed -= line.size() + 1;  // the text starts here
    break;
  }
  out.body = consumed < text.size() ? text.substr(consumed) : std::string();
  return out;
}

int usage() {
  std::cerr << "usage: dateline-xapian-floor --db DB [--commit-every N] DIR\n";
  return 2;
}

} // namespace

int main(int argc, char** argv) {
  std::string db_path;
  std::string root;
  unsigned long commit_every = 1000;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--db" && i + 1 < argc) {
      db_path = argv[++i];
    } else if (arg == "--commit-every" && i + 1 < argc) {
      commit_every = std::max(1UL, std::strtoul(argv[++i], nullptr, 10));
    } else if (!arg.empty() && arg.front() != '-' && root.empty()) {
      root = arg;
    } else {
      return usage();
    }
  }
  if (db_path.empty() || root.empty()) return usage();
  try {
    root = fs::canonical(root).string();
    std::vector<std::string> files;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
      if (entry.is_regular_file() && entry.path().extension() == ".txt") files.push_back(entry.path().string());
    }
    std::sort(files.begin(), files.end());

    Xapian::WritableDatabase db(db_path, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
    Xapian::TermGenerator generator;
    generator.set_stemmer(Xapian::Stem("english"));
    std::size_t pending = 0;
    std::size_t bytes = 0;
    for (const std::string& path : files) {
      std::ifstream in(path, std::ios::binary);
      std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      bytes += text.size();
      const Parsed article = parse(text);
      Xapian::Document doc;
      generator.set_document(doc);
      generator.index_text(article.title, 1, "S");
      generator.index_text(article.title, 3);
      generator.increase_termpos(100);
      generator.index_text(article.body);
      doc.add_boolean_term("Q" + path);
      if (!article.date.empty()) {
        doc.add_value(0, article.date);
        doc.add_boolean_term("D" + article.date);
        doc.add_boolean_term("M" + article.date.substr(0, 6));
        doc.add_boolean_term("Y" + article.date.substr(0, 4));
      }
      std::string data = "path=" + path.substr(root.size() + 1) + "\nroot=" + root + "\ntitle=" + article.title;
      if (!article.date.empty()) data += "\ndate=" + article.date;
      data += "\ntext=" + article.body;
      doc.set_data(data);
      db.add_document(doc);
      if (++pending >= commit_every) {
        db.commit();
        pending = 0;
      }
    }
    db.commit();
    std::printf("%zu files, %zu bytes\n", files.size(), bytes);
    return 0;
  } catch (const Xapian::Error& e) {
    std::cerr << "dateline-xapian-floor: error: " << e.get_description() << '\n';
  } catch (const std::exception& e) {
    std::cerr << "dateline-xapian-floor: error: " << e.what() << '\n';
  }
  return 1;
}
