/** @file model.cpp
 *  @brief Readers of Reuters-21578 SGML, BBC text files and xwlb Markdown
 *  for dateline-synth-archive, and the training they feed.
 */
#include "corpus/synth/model.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace dateline::synth {
namespace fs = std::filesystem;
namespace {

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::vector<fs::path> sorted_files(const fs::path& dir, std::string_view extension) {
  std::vector<fs::path> files;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return files;
  for (const auto& entry : fs::recursive_directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == extension) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string_view between(std::string_view text, std::string_view open, std::string_view close) {
  const std::size_t begin = text.find(open);
  if (begin == std::string_view::npos) return {};
  const std::size_t end = text.find(close, begin + open.size());
  if (end == std::string_view::npos) return {};
  return text.substr(begin + open.size(), end - begin - open.size());
}

std::string decode_sgml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '&') {
      const std::size_t semi = text.find(';', i);
      if (semi != std::string_view::npos && semi - i <= 5) {
        const std::string_view entity = text.substr(i + 1, semi - i - 1);
        if (entity == "lt") out += '<';
        else if (entity == "gt") out += '>';
        else if (entity == "amp") out += '&';
        // numeric control entities (&#3; ends every story) are dropped
        i = semi;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

/// A Reuters body: paragraphs start with an indented line; the closing
/// "Reuter" signature is dropped.
std::string reuters_paragraphs(std::string body) {
  for (const std::string_view signature : {"Reuter\n", "REUTER\n"}) {
    const std::size_t at = body.rfind(signature);
    if (at != std::string::npos && at + signature.size() + 8 >= body.size()) body.erase(at);
  }
  std::string out;
  std::istringstream lines(body);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("    ", 0) == 0 && !out.empty()) out += "\n\n";
    else if (!out.empty()) out += ' ';
    out += line;
  }
  return out;
}

void learn_reuters(LanguageModel& model, const fs::path& dir) {
  for (const auto& file : sorted_files(dir, ".sgm")) {
    const std::string text = read_file(file);
    std::size_t at = 0;
    while ((at = text.find("<REUTERS", at)) != std::string::npos) {
      const std::size_t end = text.find("</REUTERS>", at);
      if (end == std::string::npos) break;
      const std::string_view story(text.data() + at, end - at);
      const std::string title = decode_sgml(between(story, "<TITLE>", "</TITLE>"));
      const std::string body = decode_sgml(between(story, "<BODY>", "</BODY>"));
      if (!title.empty() && body.size() > 200) add_english_story(model, title, reuters_paragraphs(body));
      at = end;
    }
  }
}

void learn_bbc(LanguageModel& model, const fs::path& dir) {
  for (const auto& file : sorted_files(dir, ".txt")) {
    const std::string text = read_file(file);
    const std::size_t newline = text.find('\n');
    if (newline == std::string::npos) continue;
    add_english_story(model, std::string_view(text).substr(0, newline), std::string_view(text).substr(newline + 1));
  }
}

std::string strip_tags(std::string_view html) {
  std::string out;
  bool in_tag = false;
  for (std::size_t i = 0; i < html.size(); ++i) {
    if (html[i] == '<') {
      // a closing paragraph becomes a paragraph break
      if (html.substr(i, 4) == "</p>") out += '\n';
      in_tag = true;
    } else if (html[i] == '>') {
      in_tag = false;
    } else if (!in_tag) {
      out += html[i];
    }
  }
  return out;
}

void learn_xwlb(LanguageModel& model, const fs::path& dir) {
  for (const auto& file : sorted_files(dir, ".md")) {
    const std::string text = read_file(file);
    std::istringstream lines(text);
    std::string line, title, body;
    const auto flush = [&] {
      if (!title.empty() && body.size() > 60) add_chinese_story(model, title, strip_tags(body));
      title.clear();
      body.clear();
    };
    while (std::getline(lines, line)) {
      if (line.rfind("### ", 0) == 0) {
        flush();
        title = line.substr(4);
      } else if (line.rfind("## ", 0) == 0) {
        flush();
      } else if (!title.empty() && line.rfind("[", 0) != 0) {
        body += line;
        body += '\n';
      }
    }
    flush();
  }
}

}  // namespace

void add_english_story(LanguageModel& model, std::string_view title, std::string_view body) {
  const auto words = [](Chain& chain, std::string_view text) {
    std::vector<std::uint32_t> out;
    bool paragraph_break = false;
    std::size_t line_start = 0;
    while (line_start <= text.size()) {
      std::size_t line_end = text.find('\n', line_start);
      if (line_end == std::string_view::npos) line_end = text.size();
      const std::string_view line = text.substr(line_start, line_end - line_start);
      if (line.find_first_not_of(" \t\r") == std::string_view::npos) {
        paragraph_break = !out.empty();  // a blank line ends a paragraph
      } else {
        if (paragraph_break) out.push_back(Chain::k_paragraph);
        paragraph_break = false;
        std::size_t i = 0;
        while ((i = line.find_first_not_of(" \t\r", i)) != std::string_view::npos) {
          const std::size_t end = std::min(line.find_first_of(" \t\r", i), line.size());
          out.push_back(chain.intern(line.substr(i, end - i)));
          i = end;
        }
      }
      line_start = line_end + 1;
    }
    return out;
  };
  const auto title_tokens = words(model.titles, title);
  const auto body_tokens = words(model.bodies, body);
  if (title_tokens.empty() || body_tokens.size() < 10) return;
  model.titles.add(title_tokens);
  model.bodies.add(body_tokens);
  model.title_lengths.push_back(static_cast<std::uint32_t>(title_tokens.size()));
  model.body_lengths.push_back(static_cast<std::uint32_t>(body_tokens.size()));
  ++model.stories;
}

void add_chinese_story(LanguageModel& model, std::string_view title, std::string_view body) {
  const auto characters = [](Chain& chain, std::string_view text) {
    std::vector<std::uint32_t> out;
    for (std::size_t i = 0; i < text.size();) {
      const auto byte = static_cast<unsigned char>(text[i]);
      const std::size_t length = byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4;
      if (text[i] == '\n') {
        if (!out.empty() && out.back() != Chain::k_paragraph) out.push_back(Chain::k_paragraph);
      } else if (text[i] != '\r' && text[i] != ' ' && text[i] != '\t') {
        out.push_back(chain.intern(text.substr(i, std::min(length, text.size() - i))));
      }
      i += length;
    }
    while (!out.empty() && out.back() == Chain::k_paragraph) out.pop_back();
    return out;
  };
  const auto title_tokens = characters(model.titles, title);
  const auto body_tokens = characters(model.bodies, body);
  if (title_tokens.empty() || body_tokens.size() < 20) return;
  model.titles.add(title_tokens);
  model.bodies.add(body_tokens);
  model.title_lengths.push_back(static_cast<std::uint32_t>(title_tokens.size()));
  model.body_lengths.push_back(static_cast<std::uint32_t>(body_tokens.size()));
  ++model.stories;
}

void finish(LanguageModel& model) {
  model.titles.freeze();
  model.bodies.freeze();
}

Model learn(const fs::path& corpora) {
  Model model;
  learn_reuters(model.english, corpora / "reuters21578");
  learn_bbc(model.english, corpora / "bbc");
  learn_xwlb(model.chinese, corpora / "xwlb" / "news");
  finish(model.english);
  finish(model.chinese);
  if (!model.english.usable()) {
    throw std::runtime_error("no English stories found under " + corpora.string() +
                             " (expected reuters21578/*.sgm or bbc/*/*.txt)");
  }
  return model;
}

}  // namespace dateline::synth
