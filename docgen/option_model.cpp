/** @file option_model.cpp
 *  @brief Boost.Program_options declarations and --help text -> plain data.
 */
#include "docgen/option_model.hpp"

#include "common/option_choices.hpp"

#include <boost/program_options.hpp>

#include <map>
#include <sstream>
#include <stdexcept>

namespace dateline::docgen {
namespace {

namespace po = boost::program_options;

/// Long name of the option printed on @p line ("  --db PATH ..." or
/// "  -j [ --jobs ] N ..."), or "" when the line does not start an option.
std::string printed_option(const std::string& line) {
  if (!line.starts_with("  -")) return {};
  std::size_t start = line.find("--");
  if (start == std::string::npos) return {};
  start += 2;
  std::size_t end = start;
  while (end < line.size() && line[end] != ' ' && line[end] != '[' && line[end] != '=') ++end;
  return line.substr(start, end - start);
}

/// Boost keeps the blocks' captions private; they are read back from the
/// printed description, where each block starts with "Caption:".
std::map<std::string, std::string> printed_groups(const po::options_description& declarations) {
  std::ostringstream printed;
  printed << declarations;
  std::istringstream in(printed.str());
  std::map<std::string, std::string> group_of;
  std::string line;
  std::string group;
  while (std::getline(in, line)) {
    if (!line.empty() && line[0] != ' ' && line.back() == ':') {
      group = line.substr(0, line.size() - 1);
    } else if (const std::string name = printed_option(line); !name.empty()) {
      group_of[name] = group;
    }
  }
  return group_of;
}

/// The value's name as declared (value_name): Boost's name() decorates it
/// with the implicit value ("[=UNIT(=auto)]") and the default ("N (=10)").
std::string declared_value_name(std::string name) {
  if (const std::size_t value = name.find(" (="); value != std::string::npos) name.erase(value);
  if (name.starts_with("[=")) {
    name.erase(0, 2);
    if (const std::size_t value = name.find("(="); value != std::string::npos) name.erase(value);
    if (name.ends_with("]")) name.pop_back();
  }
  return name;
}

bool indented(const std::string& line) {
  return line.starts_with("  ");
}

} // namespace

std::vector<OptionDoc> option_docs(const po::options_description& declarations) {
  const std::map<std::string, std::string> group_of = printed_groups(declarations);
  std::vector<OptionDoc> out;
  for (const auto& option : declarations.options()) {
    OptionDoc doc;
    doc.long_name = option->long_name();
    const std::string shown = option->canonical_display_name(po::command_line_style::allow_dash_for_short);
    if (shown.size() == 2 && shown[0] == '-') doc.short_name = shown.substr(1);
    const auto semantic = option->semantic();
    if (semantic->max_tokens() > 0) {
      doc.value_name = declared_value_name(semantic->name());
      doc.value_optional = semantic->min_tokens() == 0;
      doc.repeatable = semantic->is_composing();
      if (const auto* enumerated = dynamic_cast<const EnumeratedValue*>(semantic.get())) {
        doc.values = enumerated->allowed_values();
      }
    }
    doc.help = option->description();
    const auto group = group_of.find(doc.long_name);
    doc.group = group == group_of.end() ? std::string("Options") : group->second;
    out.push_back(std::move(doc));
  }
  return out;
}

std::vector<std::string> group_order(const std::vector<OptionDoc>& options) {
  std::vector<std::string> order;
  for (const auto& option : options) {
    bool seen = false;
    for (const auto& group : order) seen = seen || group == option.group;
    if (!seen) order.push_back(option.group);
  }
  return order;
}

std::vector<HelpBlock> help_blocks(const std::string& text) {
  std::vector<HelpBlock> blocks;
  std::vector<std::string> lines;
  auto flush = [&] {
    if (lines.empty()) return;
    // "Examples:" (a short unindented line ending with ':') followed by
    // indented lines: a heading, then the rest as a block of its own.
    if (lines.size() > 1 && !indented(lines[0]) && lines[0].back() == ':' && lines[0].size() < 40 &&
        indented(lines[1])) {
      blocks.push_back({HelpBlock::Kind::heading, {lines[0].substr(0, lines[0].size() - 1)}});
      lines.erase(lines.begin());
    }
    bool all_indented = true;
    for (const auto& line : lines) all_indented = all_indented && indented(line);
    HelpBlock block;
    if (all_indented) {
      block.kind = HelpBlock::Kind::preformatted;
    } else if (lines.size() == 1 && lines[0].back() == ':' && lines[0].size() < 40) {
      block.kind = HelpBlock::Kind::heading;
      lines[0].pop_back();
    } else {
      block.kind = HelpBlock::Kind::text;
    }
    block.lines = std::move(lines);
    blocks.push_back(std::move(block));
    lines.clear();
  };
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.find_first_not_of(' ') == std::string::npos) {
      flush();
    } else {
      lines.push_back(line);
    }
  }
  flush();
  return blocks;
}

namespace {

/// Fills usage and before from the --help text up to the options.
void split_usage(ProgramDoc& doc, const std::string& head) {
  std::vector<HelpBlock> before = help_blocks(head);
  // The first block holds the "Usage:" line and its continuation lines.
  if (before.empty() || !before[0].lines[0].starts_with("Usage: ")) {
    throw std::runtime_error(doc.name + ": the --help text does not start with 'Usage: '");
  }
  for (const auto& line : before[0].lines) {
    const std::size_t start = line.find(doc.name);
    if (start != std::string::npos) doc.usage.push_back(line.substr(start));
  }
  doc.before.assign(before.begin() + 1, before.end());
}

} // namespace

ProgramDoc program_doc(std::string name, const po::options_description& declarations, const std::string& help_text,
                       std::string positional, bool positional_directories) {
  ProgramDoc doc;
  doc.name = std::move(name);
  doc.options = option_docs(declarations);
  doc.positional = std::move(positional);
  doc.positional_directories = positional_directories;
  std::ostringstream printed;
  printed << declarations;
  const std::size_t at = help_text.find(printed.str());
  if (at == std::string::npos) {
    throw std::runtime_error(doc.name + ": the --help text does not print the declared options");
  }
  split_usage(doc, help_text.substr(0, at));
  doc.after = help_blocks(help_text.substr(at + printed.str().size()));
  return doc;
}

ProgramDoc help_program_doc(std::string name, const std::string& help_text) {
  ProgramDoc doc;
  doc.name = std::move(name);
  split_usage(doc, help_text);
  return doc;
}

} // namespace dateline::docgen
