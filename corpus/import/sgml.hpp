/** @file sgml.hpp
 *  @brief Just enough SGML for Reuters-21578: find elements, read attributes,
 *  decode entities and Latin-1 bytes into clean UTF-8.
 *
 *  The collection is machine-generated and regular (no nesting of an element
 *  inside itself, no comments, no CDATA), so a linear scan for "<NAME" and
 *  "</NAME>" is exact and fast; no general SGML parser is needed.
 */
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace dateline::reuters {

/// One element found in a buffer: its start tag (for attributes) and its
/// content between the start and end tags. Views point into the searched buffer.
struct SgmlElement {
  std::string_view start_tag;   ///< "<TEXT TYPE=\"BRIEF\">", brackets included
  std::string_view content;     ///< raw text between the tags, entities not decoded
  std::size_t end = 0;          ///< offset just past the end tag in the searched buffer
};

/// Finds the first element @p name at or after @p from. A start tag must be
/// "<NAME>" or "<NAME " (so "<D>" never matches "<DATE>"). Returns nullopt when
/// there is no start tag, or no matching end tag after it.
[[nodiscard]] std::optional<SgmlElement> find_element(std::string_view buffer, std::string_view name,
                                                      std::size_t from = 0);

/// Value of attribute @p name in a start tag (NAME="value" or NAME=value),
/// or nullopt when absent.
[[nodiscard]] std::optional<std::string_view> attribute(std::string_view start_tag,
                                                        std::string_view name);

/// Decodes raw SGML character data into UTF-8:
///  - &lt; &gt; &amp; &quot; &apos; and &#N; / &#xN; references are resolved;
///    an unknown or malformed reference is kept literally;
///  - bytes 0x80-0xFF are Latin-1 (the collection's only non-ASCII bytes);
///  - C0 and C1 control characters other than LF and TAB are dropped, whether
///    written raw or as references (&#2; &#3; &#5; &#22; &#127; ...); CR is dropped.
[[nodiscard]] std::string decode_sgml_text(std::string_view raw);

/// Collapses every run of whitespace (including newlines) to one space and trims both ends.
[[nodiscard]] std::string collapse_whitespace(std::string_view text);

} // namespace dateline::reuters
