/** @file roff.cpp
 *  @brief Man pages in roff from option declarations, --help blocks and Markdown.
 */
#include "docgen/roff.hpp"

#include <cstdio>
#include <sstream>
#include <stdexcept>

namespace dateline::docgen {
namespace {

std::string upper(std::string text) {
  for (char& c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return text;
}

/// Next code point of UTF-8 @p text at @p i (advanced); U+FFFD for a bad byte.
char32_t next_code_point(std::string_view text, std::size_t& i) {
  const auto byte = static_cast<unsigned char>(text[i]);
  int extra = 0;
  char32_t cp = 0;
  if (byte < 0x80) {
    ++i;
    return byte;
  }
  if ((byte & 0xE0) == 0xC0) {
    extra = 1;
    cp = byte & 0x1F;
  } else if ((byte & 0xF0) == 0xE0) {
    extra = 2;
    cp = byte & 0x0F;
  } else if ((byte & 0xF8) == 0xF0) {
    extra = 3;
    cp = byte & 0x07;
  } else {
    ++i;
    return 0xFFFD;
  }
  if (i + static_cast<std::size_t>(extra) >= text.size()) {
    i = text.size();
    return 0xFFFD;
  }
  for (int k = 1; k <= extra; ++k) {
    const auto next = static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]);
    if ((next & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (next & 0x3F);
  }
  i += static_cast<std::size_t>(extra) + 1;
  return cp;
}

/// roff_escape without the line-start guard, for pieces within a line.
std::string escape_chars(std::string_view text) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    const char32_t cp = next_code_point(text, i);
    if (cp == '\\') {
      out += "\\e";
    } else if (cp == '-') {
      out += "\\-";
    } else if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else {
      char buffer[16];
      std::snprintf(buffer, sizeof buffer, "\\[u%04X]", static_cast<unsigned>(cp));
      out += buffer;
    }
  }
  return out;
}

/// A title for .SH: upper case, quoted.
std::string section_title(const std::string& heading) {
  return "\"" + escape_chars(upper(heading)) + "\"";
}

/// Inline Markdown (`code`, **bold**, [text](link)) -> roff; the rest escaped.
/// For pieces within a line (no line-start guard).
std::string inline_pieces(std::string_view text) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '`') {
      const std::size_t end = text.find('`', i + 1);
      if (end != std::string_view::npos) {
        out += "\\fB" + escape_chars(text.substr(i + 1, end - i - 1)) + "\\fR";
        i = end + 1;
        continue;
      }
    }
    if (text.substr(i, 2) == "**") {
      const std::size_t end = text.find("**", i + 2);
      if (end != std::string_view::npos) {
        out += "\\fB" + inline_pieces(text.substr(i + 2, end - i - 2)) + "\\fR";
        i = end + 2;
        continue;
      }
    }
    if (text[i] == '[') {
      const std::size_t close = text.find("](", i);
      const std::size_t end = close == std::string_view::npos ? close : text.find(')', close);
      if (end != std::string_view::npos) {
        out += inline_pieces(text.substr(i + 1, close - i - 1));
        i = end + 1;
        continue;
      }
    }
    if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == '|') {
      out += '|';
      i += 2;
      continue;
    }
    std::size_t end = i + 1;
    while (end < text.size() && text[end] != '`' && text[end] != '*' && text[end] != '[' && text[end] != '\\') ++end;
    out += escape_chars(text.substr(i, end - i));
    i = end;
  }
  return out;
}

/// inline_pieces for a whole output line: a leading control character guarded.
std::string markdown_inline(std::string_view text) {
  std::string out = inline_pieces(text);
  if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out.insert(0, "\\&");
  return out;
}

std::vector<std::string> table_cells(const std::string& row) {
  std::vector<std::string> cells;
  std::string cell;
  for (std::size_t i = 1; i < row.size(); ++i) {  // skip the leading '|'
    if (row[i] == '\\' && i + 1 < row.size() && row[i + 1] == '|') {
      cell += '|';  // an escaped pipe is part of the cell, code spans included
      ++i;
    } else if (row[i] == '|') {
      const std::size_t a = cell.find_first_not_of(' ');
      const std::size_t b = cell.find_last_not_of(' ');
      cells.push_back(a == std::string::npos ? std::string() : cell.substr(a, b - a + 1));
      cell.clear();
    } else {
      cell += row[i];
    }
  }
  return cells;
}

/// Markdown (paragraphs, pipe tables, fenced code) -> roff body text.
std::string markdown_body(const std::vector<std::string>& lines) {
  std::ostringstream out;
  std::vector<std::string> paragraph;
  auto flush = [&] {
    if (paragraph.empty()) return;
    out << ".PP\n";
    for (const auto& line : paragraph) out << markdown_inline(line) << '\n';
    paragraph.clear();
  };
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (line.starts_with("```")) {
      flush();
      out << ".PP\n.RS\n.nf\n";
      for (++i; i < lines.size() && !lines[i].starts_with("```"); ++i) out << roff_escape(lines[i]) << '\n';
      out << ".fi\n.RE\n";
    } else if (line.starts_with("|")) {
      flush();
      const std::vector<std::string> header = table_cells(line);
      if (i + 1 < lines.size() && lines[i + 1].starts_with("|-")) ++i;  // the |---| separator
      for (++i; i < lines.size() && lines[i].starts_with("|"); ++i) {
        const std::vector<std::string> cells = table_cells(lines[i]);
        if (cells.empty()) continue;
        out << ".TP\n" << markdown_inline(cells[0]) << '\n';
        std::string body;
        for (std::size_t c = 1; c < cells.size(); ++c) {
          if (cells[c].empty()) continue;
          if (!body.empty()) body += "\n.br\n";
          // With more than one description column, each names its column.
          if (cells.size() > 2 && c < header.size()) {
            body += markdown_inline(header[c]) + ": " + inline_pieces(cells[c]);
          } else {
            body += markdown_inline(cells[c]);
          }
        }
        out << body << '\n';
      }
      --i;
    } else if (line.starts_with("<!--")) {
      flush();  // a marker such as <!-- exit-codes:begin ... --> is not text
    } else if (line.find_first_not_of(' ') == std::string::npos) {
      flush();
    } else {
      paragraph.push_back(line);
    }
  }
  flush();
  return out.str();
}

/// README.md's lines under the heading @p heading (up to the next heading).
std::vector<std::string> markdown_section(const std::string& markdown, const std::string& heading) {
  std::istringstream in(markdown);
  std::string line;
  std::vector<std::string> lines;
  bool inside = false;
  bool found = false;
  bool fenced = false;
  while (std::getline(in, line)) {
    if (line.starts_with("```")) fenced = !fenced;
    if (!fenced && line.starts_with("#")) {
      if (inside) break;
      if (line == heading) {
        inside = found = true;
        continue;
      }
    }
    if (inside) lines.push_back(line);
  }
  if (!found) throw std::runtime_error("README.md has no section '" + heading + "'");
  return lines;
}

/// A --help block as roff: running text filled, indented lines kept as they are.
void write_help_block(std::ostringstream& out, const HelpBlock& block) {
  if (block.kind == HelpBlock::Kind::heading) {
    out << ".SH " << section_title(block.lines[0]) << '\n';
    return;
  }
  out << ".PP\n";
  bool in_nf = false;
  for (const auto& line : block.lines) {
    const bool pre = block.kind == HelpBlock::Kind::preformatted || line.starts_with("  ");
    if (pre && !in_nf) out << ".RS 2\n.nf\n";
    if (!pre && in_nf) out << ".fi\n.RE\n";
    in_nf = pre;
    // Preformatted lines keep their indentation relative to the block.
    out << roff_escape(pre && line.starts_with("  ") ? line.substr(2) : line) << '\n';
  }
  if (in_nf) out << ".fi\n.RE\n";
}

std::string header(const std::string& title, int section, std::string_view version, const std::string& source) {
  std::ostringstream out;
  out << ".\\\" Generated by dateline-docgen from " << source << "; do not edit.\n"
      << ".TH " << escape_chars(upper(title)) << ' ' << section << " \"\" \"Dateline " << escape_chars(version)
      << "\" \"Dateline Manual\"\n"
      << ".nh\n";  // no hyphenation: option and program names stay whole
  return out.str();
}

} // namespace

std::string roff_escape(std::string_view text) {
  std::string out = escape_chars(text);
  if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out.insert(0, "\\&");
  return out;
}

std::string files_section(std::string_view doc_dir, std::string_view program_doc) {
  if (doc_dir.empty()) return {};
  std::string dir(doc_dir);
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  std::ostringstream out;
  out << ".SH FILES\n";
  const auto item = [&](const std::string& path, const char* what) {
    out << ".TP\n.I " << roff_escape(dir + "/" + path) << '\n' << roff_escape(what) << '\n';
  };
  item("README.md", "Overview: installing, first index and search, the tables of options and exit codes.");
  if (!program_doc.empty()) item(std::string(program_doc), "This program's full documentation.");
  item("docs/", "The full documentation, one Markdown file per area: indexer.md, searcher.md, json-output.md, "
                "near-duplicates.md, scaling.md, reliability.md, security.md, index-schema.md, packaging.md, "
                "benchmarks.md, synth-archive.md.");
  item("examples/", "Sample articles (sample/), a synonym file, a crontab and systemd units to copy.");
  return out.str();
}

std::string program_man_page(const ProgramDoc& program, std::string_view version,
                             const std::vector<std::string>& see_also, std::string_view files) {
  std::ostringstream out;
  out << header(program.name, 1, version, "the option declarations and --help text of " + program.name);
  // NAME: the first sentence of the description.
  std::string summary;
  for (const auto& block : program.before) {
    if (block.kind != HelpBlock::Kind::text) continue;
    for (const auto& line : block.lines) summary += (summary.empty() ? "" : " ") + line;
    break;
  }
  // Up to the end of the first sentence or the first colon.
  for (const char* stop : {". ", ": "}) {
    if (const std::size_t at = summary.find(stop); at != std::string::npos) summary.resize(at + 1);
  }
  while (!summary.empty() && (summary.back() == '.' || summary.back() == ':')) summary.pop_back();
  out << ".SH NAME\n" << roff_escape(program.name) << " \\- " << escape_chars(summary) << '\n';
  out << ".SH SYNOPSIS\n.nf\n";
  for (const auto& line : program.usage) out << roff_escape(line) << '\n';
  out << ".fi\n.SH DESCRIPTION\n";
  for (const auto& block : program.before) write_help_block(out, block);
  if (!program.options.empty()) out << ".SH OPTIONS\n";
  for (const auto& group : group_order(program.options)) {
    out << ".SS \"" << escape_chars(group) << "\"\n";
    for (const auto& option : program.options) {
      if (option.group != group) continue;
      out << ".TP\n";
      if (!option.short_name.empty()) out << "\\fB\\-" << escape_chars(option.short_name) << "\\fR, ";
      out << "\\fB\\-\\-" << escape_chars(option.long_name) << "\\fR";
      if (!option.value_name.empty()) {
        out << (option.value_optional ? "[=\\fI" : " \\fI") << escape_chars(option.value_name)
            << (option.value_optional ? "\\fR]" : "\\fR");
      }
      out << '\n' << roff_escape(option.help) << '\n';
    }
  }
  for (const auto& block : program.after) write_help_block(out, block);
  out << files;
  out << ".SH \"SEE ALSO\"\n";
  for (std::size_t i = 0; i < see_also.size(); ++i) {
    const std::string& entry = see_also[i];
    const bool last = i + 1 == see_also.size();
    if (entry.find('(') == std::string::npos) {  // an installed document's path
      out << ".IR " << roff_escape(entry) << (last ? "" : " ,") << '\n';
      continue;
    }
    out << ".BR " << roff_escape(entry.substr(0, entry.find('('))) << ' ' << entry.substr(entry.find('('))
        << (last ? "" : " ,") << '\n';
  }
  return out.str();
}

std::string overview_man_page(const std::string& readme, std::string_view version, std::string_view files) {
  std::ostringstream out;
  out << header("dateline", 7, version, "README.md");
  out << ".SH NAME\ndateline \\- article format, query language and exit codes of the Dateline news search tools\n";
  out << ".SH DESCRIPTION\n";
  // The introduction: README's paragraphs between its set-up commands and "## Use".
  std::vector<std::string> intro = markdown_section(readme, "# Dateline");
  std::size_t after_fence = 0;
  int fences = 0;
  for (std::size_t i = 0; i < intro.size(); ++i) {
    if (intro[i].starts_with("```") && ++fences == 2) after_fence = i + 1;
  }
  out << markdown_body({intro.begin() + static_cast<std::ptrdiff_t>(after_fence), intro.end()});
  const std::pair<const char*, const char*> sections[] = {
      {"### Articles", "ARTICLES"}, {"### Query language", "QUERY LANGUAGE"}, {"### Exit codes", "EXIT CODES"}};
  for (const auto& [heading, title] : sections) {
    out << ".SH \"" << title << "\"\n" << markdown_body(markdown_section(readme, heading));
  }
  out << files;
  out << ".SH \"SEE ALSO\"\n.BR dateline\\-index (1),\n.BR dateline\\-search (1)\n";
  return out.str();
}

} // namespace dateline::docgen
